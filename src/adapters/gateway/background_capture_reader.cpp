#include "adapters/gateway/background_capture_reader.hpp"

#include <utility>

namespace fsvc::gateway {

BackgroundCaptureReader::BackgroundCaptureReader(const std::filesystem::path& path, LineTexts texts)
    : texts_(texts) {
  for (std::size_t i = 0; i < kBatchesInFlight; ++i) free_.push_back(std::make_unique<Batch>());
  auto reader = std::make_shared<CaptureReader>(path);  // throws here, on the caller's thread
  producer_ = std::jthread([this, reader](std::stop_token stop) { produce(stop, *reader); });
}

// The producer's wait ends on the stop request that destroying the jthread makes.
BackgroundCaptureReader::~BackgroundCaptureReader() = default;

std::unique_ptr<BackgroundCaptureReader::Batch> BackgroundCaptureReader::take(
    std::deque<std::unique_ptr<Batch>>& from, std::stop_token* stop) {
  std::unique_lock lock(mutex_);
  const auto ready = [&] { return !from.empty(); };
  if (stop != nullptr) {
    if (!changed_.wait(lock, *stop, ready)) return nullptr;
  } else {
    changed_.wait(lock, ready);
  }
  std::unique_ptr<Batch> batch = std::move(from.front());
  from.pop_front();
  return batch;
}

void BackgroundCaptureReader::give(std::deque<std::unique_ptr<Batch>>& to, std::unique_ptr<Batch> batch) {
  {
    const std::lock_guard lock(mutex_);
    to.push_back(std::move(batch));
  }
  changed_.notify_all();
}

void BackgroundCaptureReader::fill(CaptureReader& reader, Batch& batch) const {
  batch.count = 0;
  batch.text.clear();
  batch.text_ends.clear();
  while (batch.count < kLinesPerBatch) {
    if (!reader.next(batch.records[batch.count])) {
      batch.at_end = true;
      break;
    }
    if (texts_ == LineTexts::kept) {
      batch.text.append(reader.text());
      batch.text_ends.push_back(batch.text.size());
    }
    ++batch.count;
  }
  batch.lines_read = reader.lines_read();
}

void BackgroundCaptureReader::produce(std::stop_token stop, CaptureReader& reader) {
  while (std::unique_ptr<Batch> batch = take(free_, &stop)) {
    try {
      fill(reader, *batch);
    } catch (...) {
      batch->error = std::current_exception();
      batch->at_end = true;
    }
    const bool last = batch->at_end;
    give(filled_, std::move(batch));
    if (last) return;
  }
}

bool BackgroundCaptureReader::next(CaptureRecord& record) {
  while (!current_ || next_in_current_ == current_->count) {
    if (current_) {
      if (current_->error) std::rethrow_exception(current_->error);
      if (current_->at_end) return false;
      give(free_, std::move(current_));
    }
    current_ = take(filled_, nullptr);
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

std::string_view BackgroundCaptureReader::text() const {
  if (!current_ || next_in_current_ == 0 || texts_ == LineTexts::dropped) return {};
  const std::size_t i = next_in_current_ - 1;
  const std::size_t begin = i == 0 ? 0 : current_->text_ends[i - 1];
  return std::string_view(current_->text).substr(begin, current_->text_ends[i] - begin);
}

}  // namespace fsvc::gateway
