#include "adapters/retry/backoff.hpp"

#include <algorithm>

namespace fsvc::retry {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
    : initial_(std::max(initial, std::chrono::milliseconds(1))), max_(std::max(max, initial_)) {}

std::chrono::milliseconds Backoff::next() {
  return after(++failures_);
}

std::chrono::milliseconds Backoff::after(int failures) const {
  // Doubling stops at the cap, so a long outage cannot overflow.
  std::chrono::milliseconds wait = initial_;
  for (int i = 1; i < failures && wait < max_; ++i) wait = std::min(wait * 2, max_);
  return wait;
}

}  // namespace fsvc::retry
