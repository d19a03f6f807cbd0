#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/types/inline_string.hpp"
#include "ports/clock.hpp"
#include "ports/raw_journal.hpp"
#include "ports/snapshot_requester.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc::test {

// A wall clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_.load(); }
  void set(Timestamp t) { now_.store(t); }

 private:
  std::atomic<Timestamp> now_;
};

// Polls `done` until it holds; gives up after a generous bound so a bug fails instead of hanging.
// Not a speed assertion: the bound is 100x what any of these waits needs.
inline bool eventually(const std::function<bool()>& done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

class RecordingSink final : public VectorSink {
 public:
  void on_vector(const FeatureVector& vector) override {
    const std::lock_guard lock(mutex_);
    vectors_.push_back(vector);
  }
  std::vector<FeatureVector> vectors() const {
    const std::lock_guard lock(mutex_);
    return vectors_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<FeatureVector> vectors_;
};

// Records the journal as (ingest_seq, is_tick) in append order.
class RecordingJournal final : public RawJournal {
 public:
  struct Entry {
    std::uint64_t seq;
    bool tick;
  };
  void append(const MarketEvent& event) override { add({header_of(event).ingest_seq, false}); }
  void append(const Tick& tick) override { add({tick.ingest_seq, true}); }
  std::uint64_t durable_seq() const override { return 0; }
  void flush() override { flushed_.store(true); }

  std::vector<Entry> entries() const {
    const std::lock_guard lock(mutex_);
    return entries_;
  }
  bool flushed() const { return flushed_.load(); }

 private:
  void add(Entry e) {
    const std::lock_guard lock(mutex_);
    entries_.push_back(e);
  }
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::atomic<bool> flushed_{false};
};

class RecordingRequester final : public SnapshotRequester {
 public:
  void request_snapshot(const Symbol& symbol, Timestamp detected_at) override {
    const std::lock_guard lock(mutex_);
    requests_.emplace_back(symbol.str(), detected_at);
  }
  std::vector<std::pair<std::string, Timestamp>> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Timestamp>> requests_;
};

}  // namespace fsvc::test
