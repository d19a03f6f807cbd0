#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc {

// The inputs the running engine applies while a new engine warms up on another thread (a registry
// switch): the engine thread records each one as it journals it, the warm-up takes them to apply
// them after its replay of the journal, so that the new engine reaches the running one's state
// without holding the engine thread for the replay. Bounded: a warm-up outpaced by the feed for
// longer than `capacity` inputs is refused rather than growing without end.
class CatchUpBuffer {
 public:
  explicit CatchUpBuffer(std::size_t capacity) : capacity_(capacity) {}

  // Engine thread: from now on every recorded input is kept.
  void start() {
    const std::lock_guard lock(mutex_);
    inputs_.clear();
    overflowed_ = false;
    active_.store(true, std::memory_order_release);
  }
  // Any thread: recording ends and what was kept is dropped.
  void stop() {
    const std::lock_guard lock(mutex_);
    active_.store(false, std::memory_order_release);
    inputs_.clear();
    inputs_.shrink_to_fit();
  }
  // Engine thread, for every input it applies (a MarketEvent or a Tick); costs one load, and no
  // copy, while no warm-up runs.
  template <typename Input>
  void record(const Input& input) {
    if (!active_.load(std::memory_order_acquire)) return;
    const std::lock_guard lock(mutex_);
    if (!active_.load(std::memory_order_relaxed) || overflowed_) return;
    if (inputs_.size() >= capacity_) {
      overflowed_ = true;
      inputs_.clear();
      return;
    }
    inputs_.emplace_back(input);
  }
  // What was recorded since the last take, in the order applied. Throws when inputs were dropped
  // because the buffer was full: the warm-up cannot reach the running engine's state.
  std::vector<EngineInput> take() {
    std::vector<EngineInput> out;
    const std::lock_guard lock(mutex_);
    if (overflowed_) {
      throw std::runtime_error("more than " + std::to_string(capacity_) +
                               " live inputs arrived while the new engine warmed up");
    }
    out.swap(inputs_);
    return out;
  }

 private:
  const std::size_t capacity_;
  std::atomic<bool> active_{false};
  std::mutex mutex_;
  std::vector<EngineInput> inputs_;
  bool overflowed_ = false;
};

}  // namespace fsvc
