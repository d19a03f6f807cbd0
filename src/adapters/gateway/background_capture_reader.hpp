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

// A CaptureReader whose work runs on threads of its own, a few batches of lines ahead of the
// caller: one thread reads the file into batches of lines, `decoders` threads decode whole batches
// side by side, and the caller takes the batches in file order. So decoding (most of a replay's
// work) overlaps with what the caller does with the events, and uses every core there is. Same
// records, same order, same errors as CaptureReader; memory stays at kBatchesInFlight batches.
class BackgroundCaptureReader {
 public:
  static constexpr std::size_t kLinesPerBatch = 256;
  static constexpr std::size_t kBatchesInFlight = 8;
  // Decoding takes about twice the time of everything the caller does with an event in `replay`.
  static constexpr std::size_t kDefaultDecoders = 2;

  // Opens the file at once: throws naming the path when it cannot be opened.
  explicit BackgroundCaptureReader(const std::filesystem::path& path,
                                   std::size_t decoders = kDefaultDecoders);
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
  // The text of the line last returned, valid until the next call.
  std::string_view text() const;
  std::uint64_t lines_read() const { return lines_read_; }

 private:
  struct Batch {
    std::vector<CaptureRecord> records = std::vector<CaptureRecord>(kLinesPerBatch);
    std::size_t count = 0;
    std::string text;  // the lines back to back
    std::vector<std::size_t> text_ends;
    std::vector<bool> rejected_unread;  // over LineReader's limit: never decoded
    std::uint64_t lines_read = 0;       // after the batch
    bool at_end = false;
    bool decoded = false;
    std::exception_ptr error;
  };

  void read(std::stop_token stop, LineReader& lines);
  void decode(std::stop_token stop);
  static void fill(LineReader& lines, Batch& batch);
  static void decode_batch(EnvelopeDecoder& decoder, Batch& batch);
  static std::string_view text_of(const Batch& batch, std::size_t i);

  std::mutex mutex_;
  // One per kind of waiter, so that a change wakes only a thread that waits for it (a batch decoded
  // used to wake the reader and the other decoders too, ~900 times in an hour's capture).
  std::condition_variable_any batch_freed_;    // the reader waits for a free batch
  std::condition_variable_any batch_read_;     // decoders wait for a batch to decode
  std::condition_variable_any batch_decoded_;  // the caller waits for the next batch in file order
  std::deque<std::unique_ptr<Batch>> free_;
  std::deque<std::unique_ptr<Batch>> in_order_;  // read, in file order; decoded or being decoded
  std::deque<Batch*> to_decode_;                 // of in_order_, not yet taken by a decoder
  std::unique_ptr<Batch> current_;               // the caller's
  std::size_t next_in_current_ = 0;
  std::uint64_t lines_read_ = 0;
  std::vector<std::jthread> threads_;  // last: stopped and joined before the queues go
};

}  // namespace fsvc::gateway
