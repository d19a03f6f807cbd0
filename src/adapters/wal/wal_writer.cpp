#include "adapters/wal/wal_writer.hpp"

#include <algorithm>
#include <iterator>

#include "adapters/wal/wal_codec.hpp"

namespace fsvc::wal {

WalWriter::WalWriter(WalWriterOptions options, std::uint64_t durable_seq, std::uint64_t next_segment_index,
                     HandOn hand_on)
    : options_(std::move(options)),
      hand_on_(std::move(hand_on)),
      durable_seq_(durable_seq),
      next_segment_index_(next_segment_index),
      thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

WalWriter::~WalWriter() {
  thread_.request_stop();
  thread_.join();
}

void WalWriter::append(EngineInput input) {
  bool full = false;
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(input));
    full = pending_.size() >= options_.flush_rows;
  }
  if (full) wake_.notify_one();
}

std::uint64_t WalWriter::request_flush() {
  std::uint64_t ticket = 0;
  {
    std::lock_guard lock(mutex_);
    ticket = ++flush_tickets_;
  }
  wake_.notify_one();
  return ticket;
}

std::string WalWriter::last_error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void WalWriter::run(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, stop, options_.flush_interval, [&] {
      return flush_tickets_ > answered_ticket_ || pending_.size() >= options_.flush_rows;
    });
    std::vector<EngineInput> batch;
    batch.swap(pending_);
    const std::uint64_t ticket = flush_tickets_;
    const bool flush_wanted = ticket > answered_ticket_;
    const bool stopping = stop.stop_requested();
    lock.unlock();
    std::string error;
    try {
      if (!batch.empty()) write(batch);
    } catch (const std::exception& e) {
      error = e.what();
    }
    fs::path sealed;
    if (flush_wanted || stopping || segment_due()) sealed = seal();
    lock.lock();
    if (!error.empty()) {
      // Keep what was not written in front of newer inputs; durable_seq stays behind it.
      pending_.insert(pending_.begin(), std::make_move_iterator(batch.begin()),
                      std::make_move_iterator(batch.end()));
    }
    error_ = error;  // before the hand-on, so the flush it answers sees this round's error
    if (flush_wanted) answered_ticket_ = ticket;
    const bool done = stopping && (pending_.empty() || !error.empty());
    if (!sealed.empty() || flush_wanted) {
      lock.unlock();
      hand_on_({sealed, flush_wanted ? ticket : 0});
      lock.lock();
    }
    if (done) return;
  }
}

void WalWriter::write(const std::vector<EngineInput>& batch) {
  buffer_.clear();
  std::uint64_t max_seq = 0;
  for (const EngineInput& input : batch) {
    encode_input(input, buffer_);
    max_seq = std::max(max_seq, ingest_seq_of(input));
  }
  if (!segment_) {
    const std::uint64_t index = std::max(next_segment_index_, ingest_seq_of(batch.front()));
    segment_ = std::make_unique<WalSegmentWriter>(wal_segment_path(options_.root, index));
    segment_opened_ = std::chrono::steady_clock::now();
    next_segment_index_ = index + 1;
  }
  segment_->append_block(buffer_, static_cast<std::uint32_t>(batch.size()));
  // Inputs arrive in ingest_seq order, so the whole batch being on disk means all up to max_seq is.
  durable_seq_ = std::max(durable_seq_.load(), max_seq);
}

bool WalWriter::segment_due() const {
  return segment_ &&
         (segment_->inputs() >= options_.segment_inputs || segment_->size() >= options_.segment_bytes ||
          std::chrono::steady_clock::now() - segment_opened_ >= options_.segment_age);
}

fs::path WalWriter::seal() {
  if (!segment_) return {};
  fs::path path = segment_->path();
  segment_.reset();
  return path;
}

}  // namespace fsvc::wal
