#include "core/book/delta_buffer.hpp"

#include <algorithm>

namespace fsvc {

DeltaBuffer::DeltaBuffer(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

bool DeltaBuffer::hold(const BookUpdate& delta) {
  if (!run_.empty()) {
    const std::int64_t last = run_.back().update_id;
    if (delta.update_id <= last) return false;
    if (delta.update_id != last + 1) run_.clear();  // a hole: what came before can never be bridged
  }
  run_.push_back(delta);
  if (run_.size() > capacity_) {
    run_.pop_front();
    ++overflowed_;
  }
  return true;
}

bool DeltaBuffer::bridges(std::int64_t n) const {
  if (run_.empty() || run_.back().update_id <= n) return true;
  return run_.front().update_id <= n + 1;
}

void DeltaBuffer::drop_through(std::int64_t n) {
  while (!run_.empty() && run_.front().update_id <= n) run_.pop_front();
}

}  // namespace fsvc
