#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace fsvc::rest {

// Lets a background worker sleep between retries and still stop at once on shutdown.
class StopSignal {
 public:
  // Returns false when stopped (now or during the wait), true when the time simply passed.
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> duration) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, duration, [this] { return stopped_; });
  }

  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    cv_.notify_all();
  }

  bool stopped() const {
    const std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace fsvc::rest
