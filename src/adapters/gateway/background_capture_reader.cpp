#include "adapters/gateway/background_capture_reader.hpp"

#include <stdexcept>
#include <utility>

namespace fsvc::gateway {

BackgroundCaptureReader::BackgroundCaptureReader(const std::filesystem::path& path, std::size_t decoders) {
  if (decoders == 0) throw std::invalid_argument("BackgroundCaptureReader: at least one decoder is needed");
  for (std::size_t i = 0; i < kBatchesInFlight; ++i) free_.push_back(std::make_unique<Batch>());
  auto lines = std::make_shared<LineReader>(path, "capture file");  // throws here, on the caller's thread
  threads_.emplace_back([this, lines](std::stop_token stop) { read(stop, *lines); });
  for (std::size_t i = 0; i < decoders; ++i) {
    threads_.emplace_back([this](std::stop_token stop) { decode(stop); });
  }
}

// Each thread's wait ends on the stop request that destroying its jthread makes.
BackgroundCaptureReader::~BackgroundCaptureReader() = default;

void BackgroundCaptureReader::fill(LineReader& lines, Batch& batch) {
  batch.count = 0;
  batch.text.clear();
  batch.text_ends.clear();
  batch.rejected_unread.clear();
  std::string_view line;
  while (batch.count < kLinesPerBatch) {
    if (!lines.next(line)) {
      batch.at_end = true;
      break;
    }
    const bool over_long = lines.over_long_bytes() > 0;
    if (!over_long && is_blank_line(line)) continue;
    CaptureRecord& record = batch.records[batch.count];
    record.line = lines.lines_read();
    if (over_long) {
      record.ok = false;
      record.error = over_long_line(lines);
    }
    batch.rejected_unread.push_back(over_long);
    batch.text.append(line);
    batch.text_ends.push_back(batch.text.size());
    ++batch.count;
  }
  batch.lines_read = lines.lines_read();
}

void BackgroundCaptureReader::read(std::stop_token stop, LineReader& lines) {
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock lock(mutex_);
      if (!batch_freed_.wait(lock, stop, [&] { return !free_.empty(); })) return;
      batch = std::move(free_.front());
      free_.pop_front();
    }
    batch->at_end = false;
    batch->decoded = false;
    try {
      fill(lines, *batch);
    } catch (...) {
      batch->error = std::current_exception();
      batch->at_end = true;  // the lines read before the error are still decoded and given
    }
    const bool last = batch->at_end;
    {
      const std::lock_guard lock(mutex_);
      to_decode_.push_back(batch.get());
      in_order_.push_back(std::move(batch));
    }
    batch_read_.notify_one();
    if (last) return;
  }
}

void BackgroundCaptureReader::decode_batch(EnvelopeDecoder& decoder, Batch& batch) {
  for (std::size_t i = 0; i < batch.count; ++i) {
    if (batch.rejected_unread[i]) continue;
    CaptureRecord& record = batch.records[i];
    record.ok = decoder.decode(text_of(batch, i), record.event, record.error);
  }
}

void BackgroundCaptureReader::decode(std::stop_token stop) {
  EnvelopeDecoder decoder;
  for (;;) {
    Batch* batch = nullptr;
    {
      std::unique_lock lock(mutex_);
      if (!batch_read_.wait(lock, stop, [&] { return !to_decode_.empty(); })) return;
      batch = to_decode_.front();
      to_decode_.pop_front();
    }
    decode_batch(decoder, *batch);
    {
      const std::lock_guard lock(mutex_);
      batch->decoded = true;
    }
    batch_decoded_.notify_one();
  }
}

bool BackgroundCaptureReader::next(CaptureRecord& record) {
  while (!current_ || next_in_current_ == current_->count) {
    if (current_) {
      if (current_->error) std::rethrow_exception(current_->error);
      if (current_->at_end) return false;
    }
    {
      std::unique_lock lock(mutex_);
      if (current_) {
        free_.push_back(std::move(current_));
        batch_freed_.notify_one();
      }
      batch_decoded_.wait(lock, [&] { return !in_order_.empty() && in_order_.front()->decoded; });
      current_ = std::move(in_order_.front());
      in_order_.pop_front();
    }
    next_in_current_ = 0;
    lines_read_ = current_->lines_read;
  }
  // Only what the record holds: its event, or its error (a whole-record swap moved both).
  CaptureRecord& decoded = current_->records[next_in_current_++];
  record.line = decoded.line;
  record.ok = decoded.ok;
  if (decoded.ok) {
    std::swap(record.event, decoded.event);
  } else {
    std::swap(record.error, decoded.error);
  }
  return true;
}

std::string_view BackgroundCaptureReader::text_of(const Batch& batch, std::size_t i) {
  const std::size_t begin = i == 0 ? 0 : batch.text_ends[i - 1];
  return std::string_view(batch.text).substr(begin, batch.text_ends[i] - begin);
}

std::string_view BackgroundCaptureReader::text() const {
  if (!current_ || next_in_current_ == 0) return {};
  return text_of(*current_, next_in_current_ - 1);
}

}  // namespace fsvc::gateway
