#include "driver/reorder_window.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace fsvc {

ReorderWindow::ReorderWindow(std::size_t capacity, Duration horizon)
    : capacity_(capacity), horizon_(horizon) {
  if (capacity == 0) throw std::invalid_argument("ReorderWindow: the capacity must be at least 1");
  if (horizon < 0) throw std::invalid_argument("ReorderWindow: the horizon must not be negative");
  heap_.reserve(capacity + 1);
}

bool ReorderWindow::push(MarketEvent& event) {
  const Timestamp ts = header_of(event).ts_event;
  // Equal times are fine: the later arrival goes after the released one, as a stable sort puts it.
  if (last_released_ && ts < *last_released_) return false;
  if (released_slot_) {
    free_slots_.push_back(*released_slot_);
    released_slot_.reset();
  }
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  std::swap(slots_[slot], event);
  newest_ = std::max(newest_, ts);
  heap_.push_back(Entry{ts, arrivals_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  return true;
}

const MarketEvent* ReorderWindow::release(bool draining) {
  if (released_slot_) {
    free_slots_.push_back(*released_slot_);
    released_slot_.reset();
  }
  if (heap_.empty() || (!draining && !due())) return nullptr;
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  const Entry earliest = heap_.back();
  heap_.pop_back();
  released_slot_ = earliest.slot;
  last_released_ = earliest.ts;
  if (!heap_.empty()) prefetch(slots_[heap_.front().slot]);
  return &slots_[earliest.slot];
}

bool ReorderWindow::due() const {
  if (heap_.size() > capacity_) return true;
  // newest_ >= every held time, so the difference is exact in unsigned arithmetic whatever the times.
  const std::uint64_t behind =
      static_cast<std::uint64_t>(newest_) - static_cast<std::uint64_t>(heap_.front().ts);
  return behind > static_cast<std::uint64_t>(horizon_);
}

// The window holds more events than the caches do, so the next one to be released is usually in
// memory only; its loads start now, while the caller applies this one.
void ReorderWindow::prefetch(const MarketEvent& event) {
  __builtin_prefetch(&event);
  if (const auto* book = std::get_if<BookUpdate>(&event)) {
    __builtin_prefetch(book->bids.data());
    __builtin_prefetch(book->asks.data());
  }
}

}  // namespace fsvc
