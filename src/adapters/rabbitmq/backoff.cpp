#include "adapters/rabbitmq/backoff.hpp"

#include <algorithm>

namespace fsvc::rabbitmq {

std::chrono::milliseconds Backoff::next() {
  // Doubling stops at the cap so a long outage cannot overflow the shift.
  std::chrono::milliseconds delay = initial_;
  for (int i = 0; i < attempts_ && delay < cap_; ++i) delay *= 2;
  ++attempts_;
  return std::min(delay, cap_);
}

}  // namespace fsvc::rabbitmq
