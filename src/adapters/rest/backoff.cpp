#include "adapters/rest/backoff.hpp"

#include <algorithm>

namespace fsvc::rest {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
    : initial_(std::max(initial, std::chrono::milliseconds(1))),
      max_(std::max(max, initial_)),
      current_(initial_) {}

std::chrono::milliseconds Backoff::next() {
  const std::chrono::milliseconds wait = current_;
  current_ = std::min(current_ * 2, max_);
  return wait;
}

std::chrono::milliseconds Backoff::after(int failures) const {
  std::chrono::milliseconds wait = initial_;
  for (int i = 1; i < failures && wait < max_; ++i) wait = std::min(wait * 2, max_);
  return wait;
}

}  // namespace fsvc::rest
