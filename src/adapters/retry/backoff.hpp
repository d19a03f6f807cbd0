#pragma once

#include <chrono>

namespace fsvc::retry {

// Capped exponential backoff: initial, 2x, 4x, ... up to `max`. Deterministic (no jitter): each
// user retries one remote service (a REST endpoint, a broker connection, a queue not declared yet),
// so there is no herd to spread.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max);

  // The wait before the next attempt; the one after it is twice as long (capped).
  std::chrono::milliseconds next();
  // Back to `initial` after a success.
  void reset() { failures_ = 0; }
  // How many waits next() has handed out since the last reset.
  int attempts() const { return failures_; }
  // The wait after `failures` consecutive failures (1 -> initial), without changing the state.
  std::chrono::milliseconds after(int failures) const;

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  int failures_ = 0;
};

}  // namespace fsvc::retry
