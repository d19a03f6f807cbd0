#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "adapters/wal/wal_writer.hpp"

namespace fsvc::parquet {

// The thread that turns sealed WAL segments into Parquet, in order, at a lower CPU priority, and
// answers flush requests once the segment handed on with them is done. A segment whose conversion
// throws (disk full) stays in the WAL and is tried again after `retry`; its inputs are durable
// meanwhile.
class SegmentConverter {
 public:
  struct Steps {
    // Converts one segment; returns an error that retrying cannot fix ("" when converted) and
    // throws for one it can.
    std::function<std::string(const std::filesystem::path&)> convert;
    // Runs after each batch of segments (compaction of the days that closed meanwhile).
    std::function<void()> after_batch;
  };

  SegmentConverter(Steps steps, std::chrono::milliseconds retry);
  // Converts what is queued; a segment that fails then stays for the next start, which converts it first.
  ~SegmentConverter();
  SegmentConverter(const SegmentConverter&) = delete;
  SegmentConverter& operator=(const SegmentConverter&) = delete;

  void submit(wal::SealedSegment item);
  // Returns once the flush with this ticket is answered.
  void wait_for(std::uint64_t flush_ticket);
  // The error of the last batch ("" when none).
  std::string last_error() const;

 private:
  void run(std::stop_token stop);

  const Steps steps_;
  const std::chrono::milliseconds retry_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable flushed_;
  std::deque<wal::SealedSegment> queue_;
  std::uint64_t converted_ticket_ = 0;  // flush requests up to this one are answered
  std::string error_;
  std::jthread thread_;  // last: stopped and joined before the rest is destroyed
};

}  // namespace fsvc::parquet
