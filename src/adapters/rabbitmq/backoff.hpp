#pragma once

#include <chrono>

namespace fsvc::rabbitmq {

// Capped exponential backoff for reconnects and for waiting on queues that do not exist yet:
// initial, 2x, 4x, ... up to `cap`; reset() after a success.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap) : initial_(initial), cap_(cap) {}

  // The delay to wait now; the next call returns twice as much (capped).
  std::chrono::milliseconds next();
  void reset() { attempts_ = 0; }
  int attempts() const { return attempts_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds cap_;
  int attempts_ = 0;
};

}  // namespace fsvc::rabbitmq
