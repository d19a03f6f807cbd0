#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

namespace fsvc::rabbitmq {

// A bounded FIFO between a producer that must never block (the engine thread) and one consumer
// thread. When full, push() drops the oldest item: for live features the newest vector matters
// most, and a stalled broker must not grow memory without limit.
template <typename T>
class BoundedBuffer {
 public:
  explicit BoundedBuffer(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Returns how many items were dropped to make room (0 or 1).
  std::size_t push(T item) {
    std::size_t dropped = 0;
    {
      const std::lock_guard lock(mutex_);
      if (items_.size() >= capacity_) {
        items_.pop_front();
        dropped = 1;
      }
      items_.push_back(std::move(item));
    }
    cv_.notify_one();
    return dropped;
  }

  // Up to `max` items, oldest first, waiting at most `wait` for the first one.
  std::vector<T> pop_up_to(std::size_t max, std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (wait.count() > 0) cv_.wait_for(lock, wait, [this] { return !items_.empty() || woken_; });
    woken_ = false;
    std::vector<T> out;
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return out;
  }

  // Puts items that could not be delivered back at the front, in their order (oldest first),
  // dropping the oldest beyond capacity. Returns how many were dropped.
  std::size_t push_front(std::vector<T> items) {
    const std::lock_guard lock(mutex_);
    for (auto it = items.rbegin(); it != items.rend(); ++it) items_.push_front(std::move(*it));
    std::size_t dropped = 0;
    while (items_.size() > capacity_) {
      items_.pop_front();
      ++dropped;
    }
    return dropped;
  }

  // Ends a pop_up_to() wait early (shutdown).
  void wake() {
    {
      const std::lock_guard lock(mutex_);
      woken_ = true;
    }
    cv_.notify_all();
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<T> items_;
  bool woken_ = false;
};

}  // namespace fsvc::rabbitmq
