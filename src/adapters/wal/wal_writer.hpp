#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "adapters/wal/wal_segment.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::wal {

struct WalWriterOptions {
  fs::path root;  // segments go to {root}/wal/
  std::size_t flush_rows = 100'000;
  std::chrono::milliseconds flush_interval{50};
  std::size_t segment_inputs = 250'000;
  std::uint64_t segment_bytes = 64ULL << 20;
  std::chrono::milliseconds segment_age{60'000};
};

// What a write round hands on: a segment it sealed (empty: none) and the flush request it answers
// (0: none), so the consumer can answer the flush once that segment is handled.
struct SealedSegment {
  fs::path segment;
  std::uint64_t flush_ticket = 0;
};

// Makes inputs durable. `append` only enqueues; a writer thread appends what is queued as one block
// to the open segment every flush_interval (sooner when flush_rows wait or a flush is asked for),
// one fdatasync per round, and only then moves `durable_seq`. A segment is sealed when it reaches
// segment_inputs, segment_bytes or segment_age, or a flush asks for it, and handed on. A round that
// fails keeps its inputs queued in front of newer ones and is retried by the next round.
// Inputs must be appended in ingest_seq order.
class WalWriter {
 public:
  using HandOn = std::function<void(SealedSegment)>;
  // `durable_seq` and `next_segment_index` continue what recovery found; `hand_on` runs on the
  // writer thread, in order.
  WalWriter(WalWriterOptions options, std::uint64_t durable_seq, std::uint64_t next_segment_index,
            HandOn hand_on);
  // Writes what is queued (up to the first failing round), seals the open segment and hands it on.
  ~WalWriter();
  WalWriter(const WalWriter&) = delete;
  WalWriter& operator=(const WalWriter&) = delete;

  void append(EngineInput input);
  // Asks the next round to seal the open segment; the returned ticket comes back with the hand-on.
  std::uint64_t request_flush();
  // Every input with ingest_seq <= this value is durable.
  std::uint64_t durable_seq() const { return durable_seq_.load(); }
  // The error of the last round ("" when it succeeded).
  std::string last_error() const;

 private:
  void run(std::stop_token stop);
  void write(const std::vector<EngineInput>& batch);
  bool segment_due() const;
  fs::path seal();

  const WalWriterOptions options_;
  const HandOn hand_on_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<EngineInput> pending_;
  std::uint64_t flush_tickets_ = 0;    // flush requests so far
  std::uint64_t answered_ticket_ = 0;  // handed on up to this one
  std::string error_;
  std::atomic<std::uint64_t> durable_seq_;

  // Writer thread only.
  std::unique_ptr<WalSegmentWriter> segment_;
  std::chrono::steady_clock::time_point segment_opened_;
  std::uint64_t next_segment_index_;  // segment names never repeat
  std::string buffer_;

  std::jthread thread_;  // last: stopped and joined before the rest is destroyed
};

}  // namespace fsvc::wal
