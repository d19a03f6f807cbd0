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
#include "support/eventually.hpp"
#include "support/manual_clock.hpp"
#include "support/recording_vector_sink.hpp"

namespace fsvc::test {

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
