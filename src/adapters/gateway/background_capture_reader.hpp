#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"

namespace fsvc::gateway {

// A CaptureReader that reads and decodes on a thread of its own, a few batches of lines ahead of the
// caller, so decoding (most of a replay's work) overlaps with what the caller does with the events.
// Same records, same order, same errors as CaptureReader; memory stays at kBatchesInFlight batches.
class BackgroundCaptureReader {
 public:
  static constexpr std::size_t kLinesPerBatch = 256;
  static constexpr std::size_t kBatchesInFlight = 4;

  // Whether text() gives the lines: copying them costs a replay that only needs the events.
  enum class LineTexts : bool { kept, dropped };

  // Opens the file at once: throws naming the path when it cannot be opened.
  explicit BackgroundCaptureReader(const std::filesystem::path& path, LineTexts texts = LineTexts::kept);
  ~BackgroundCaptureReader();
  BackgroundCaptureReader(const BackgroundCaptureReader&) = delete;
  BackgroundCaptureReader& operator=(const BackgroundCaptureReader&) = delete;

  // False at end of file; rethrows a read error of the file. `record` is swapped with the decoded
  // one, so its buffers are reused for a later line.
  bool next(CaptureRecord& record);
  // The record `ahead` places after the next one if the batch at hand holds it (else nullptr), for
  // a caller that prefetches what handling it will need.
  const CaptureRecord* upcoming(std::size_t ahead) const {
    if (!current_ || next_in_current_ + ahead >= current_->count) return nullptr;
    return &current_->records[next_in_current_ + ahead];
  }
  // The text of the line last returned, valid until the next call; empty when dropped.
  std::string_view text() const;
  std::uint64_t lines_read() const { return lines_read_; }

 private:
  struct Batch {
    std::vector<CaptureRecord> records = std::vector<CaptureRecord>(kLinesPerBatch);
    std::size_t count = 0;
    std::string text;  // the lines back to back
    std::vector<std::size_t> text_ends;
    std::uint64_t lines_read = 0;  // after the batch
    bool at_end = false;
    std::exception_ptr error;
  };

  void produce(std::stop_token stop, CaptureReader& reader);
  void fill(CaptureReader& reader, Batch& batch) const;
  std::unique_ptr<Batch> take(std::deque<std::unique_ptr<Batch>>& from, std::stop_token* stop);
  void give(std::deque<std::unique_ptr<Batch>>& to, std::unique_ptr<Batch> batch);

  const LineTexts texts_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<std::unique_ptr<Batch>> free_;
  std::deque<std::unique_ptr<Batch>> filled_;
  std::unique_ptr<Batch> current_;  // the caller's
  std::size_t next_in_current_ = 0;
  std::uint64_t lines_read_ = 0;
  std::jthread producer_;  // last: stopped and joined before the queues go
};

}  // namespace fsvc::gateway
