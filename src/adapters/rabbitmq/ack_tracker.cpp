#include "adapters/rabbitmq/ack_tracker.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace fsvc::rabbitmq {

void AckTracker::add(std::uint64_t delivery_tag, std::uint64_t required_seq) {
  if (!pending_.empty() && delivery_tag <= pending_.back().delivery_tag) {
    throw std::logic_error("ack tracker: delivery tag " + std::to_string(delivery_tag) + " is not after " +
                           std::to_string(pending_.back().delivery_tag));
  }
  pending_.push_back({delivery_tag, required_seq});
  highest_seq_ = std::max(highest_seq_, required_seq);
}

std::optional<AckTracker::Ackable> AckTracker::take_ackable(std::uint64_t done_seq) {
  Ackable ackable;
  while (!pending_.empty() && pending_.front().required_seq <= done_seq) {
    ackable.last_tag = pending_.front().delivery_tag;
    ++ackable.count;
    pending_.pop_front();
  }
  if (pending_.empty()) highest_seq_ = 0;
  if (ackable.count == 0) return std::nullopt;
  return ackable;
}

std::uint64_t AckTracker::highest_pending_seq() const {
  return highest_seq_;
}

}  // namespace fsvc::rabbitmq
