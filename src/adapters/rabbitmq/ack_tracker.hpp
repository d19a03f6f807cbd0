#pragma once

#include <cstdint>
#include <deque>
#include <optional>

namespace fsvc::rabbitmq {

// "Acknowledge a delivery once the service has reached its sequence number." Deliveries of one
// channel are recorded in delivery-tag order with the ingest_seq that must be done (applied by the
// engine and, when journaled, durable) before the broker may forget them. Because ingest_seq grows
// with the delivery tag, the ackable deliveries always form a prefix, so one basic.ack with
// multiple=true covers them all. A delivery that needs nothing (an undecodable message) is
// recorded with seq 0: it is acked as soon as everything before it is, which keeps acks in order.
class AckTracker {
 public:
  void add(std::uint64_t delivery_tag, std::uint64_t required_seq);

  // What one basic.ack with multiple=true may now cover.
  struct Ackable {
    std::uint64_t last_tag = 0;
    std::uint64_t count = 0;
  };
  // The highest delivery tag whose delivery and all earlier ones are done at `done_seq`, removed
  // from the tracker; nullopt when the oldest pending delivery is still waiting.
  std::optional<Ackable> take_ackable(std::uint64_t done_seq);

  // The highest ingest_seq still waiting (0 when nothing is pending).
  std::uint64_t highest_pending_seq() const;
  std::size_t pending() const { return pending_.size(); }
  // A new connection restarts delivery tags at 1; the old ones are void (the broker redelivers).
  void clear() { pending_.clear(); }

 private:
  struct Pending {
    std::uint64_t delivery_tag;
    std::uint64_t required_seq;
  };
  std::deque<Pending> pending_;
  std::uint64_t highest_seq_ = 0;
};

}  // namespace fsvc::rabbitmq
