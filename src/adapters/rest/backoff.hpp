#pragma once

#include <chrono>

namespace fsvc::rest {

// Capped exponential backoff: initial, 2x, 4x, ... up to `max`. Deterministic (no jitter): each
// worker retries one remote service, so there is no herd to spread.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max);

  // The wait before the next attempt; doubles the one after it.
  std::chrono::milliseconds next();
  // Back to `initial` after a success.
  void reset() { current_ = initial_; }
  // The wait after `failures` consecutive failures (1 -> initial), without changing the state.
  std::chrono::milliseconds after(int failures) const;

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds current_;
};

}  // namespace fsvc::rest
