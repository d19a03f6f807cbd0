#include "adapters/parquet/segment_converter.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace fsvc::parquet {

namespace {

// Conversions and compaction are bulk work that can wait: at a lower priority they yield the
// cores to the engine, the broker consumer and the WAL writer, whose delays are latency.
void lower_this_thread_priority() {
  constexpr int kNice = 10;
  [[maybe_unused]] const int rc = ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kNice);
}

}  // namespace

SegmentConverter::SegmentConverter(Steps steps, std::chrono::milliseconds retry)
    : steps_(std::move(steps)),
      retry_(retry),
      thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

SegmentConverter::~SegmentConverter() {
  thread_.request_stop();
  thread_.join();
}

void SegmentConverter::submit(wal::SealedSegment item) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(item));
  }
  wake_.notify_one();
}

void SegmentConverter::wait_for(std::uint64_t flush_ticket) {
  std::unique_lock lock(mutex_);
  flushed_.wait(lock, [&] { return converted_ticket_ >= flush_ticket; });
}

std::string SegmentConverter::last_error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void SegmentConverter::run(std::stop_token stop) {
  lower_this_thread_priority();
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, stop, [&] { return !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is converted
    std::deque<wal::SealedSegment> items;
    items.swap(queue_);
    lock.unlock();
    std::string error;
    std::deque<wal::SealedSegment> failed;
    std::uint64_t answered = 0;
    for (const wal::SealedSegment& item : items) {
      if (!item.segment.empty()) {
        try {
          if (std::string permanent = steps_.convert(item.segment); !permanent.empty()) error = permanent;
        } catch (const std::exception& e) {
          error = e.what();
          failed.push_back({item.segment, 0});
        }
      }
      answered = std::max(answered, item.flush_ticket);
    }
    try {
      steps_.after_batch();
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    error_ = error;
    converted_ticket_ = std::max(converted_ticket_, answered);
    flushed_.notify_all();
    if (failed.empty()) continue;
    if (stop.stop_requested() && queue_.empty()) return;
    const std::size_t queued = queue_.size();
    queue_.insert(queue_.begin(), failed.begin(), failed.end());
    wake_.wait_for(lock, stop, retry_, [&] { return queue_.size() > queued + failed.size(); });
  }
}

}  // namespace fsvc::parquet
