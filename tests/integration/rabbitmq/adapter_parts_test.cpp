// The broker-free parts of the RabbitMQ adapter: in-order acks, capped backoff, the drop-oldest
// buffer between the engine thread and the publisher.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "adapters/rabbitmq/ack_tracker.hpp"
#include "adapters/rabbitmq/bounded_buffer.hpp"
#include "adapters/rabbitmq/queue_spec.hpp"
#include "adapters/retry/backoff.hpp"

namespace fsvc::rabbitmq {
namespace {

using std::chrono::milliseconds;

TEST(AckTracker, AcksOnlyTheDonePrefixWithOneMultipleAck) {
  AckTracker tracker;
  tracker.add(1, 10);
  tracker.add(2, 0);  // undecodable: needs nothing, but waits for delivery 1
  tracker.add(3, 11);
  tracker.add(4, 12);
  EXPECT_FALSE(tracker.take_ackable(9));
  const auto first = tracker.take_ackable(11);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->last_tag, 3u);
  EXPECT_EQ(first->count, 3u);
  EXPECT_EQ(tracker.pending(), 1u);
  EXPECT_EQ(tracker.take_ackable(12)->last_tag, 4u);
  EXPECT_EQ(tracker.pending(), 0u);
}

TEST(AckTracker, RefusesTagsOutOfOrder) {
  AckTracker tracker;
  tracker.add(5, 1);
  EXPECT_THROW(tracker.add(5, 2), std::logic_error);
}

TEST(Backoff, DoublesUpToTheCapAndResets) {
  retry::Backoff backoff(milliseconds(100), milliseconds(500));
  EXPECT_EQ(backoff.next(), milliseconds(100));
  EXPECT_EQ(backoff.next(), milliseconds(200));
  EXPECT_EQ(backoff.next(), milliseconds(400));
  EXPECT_EQ(backoff.next(), milliseconds(500));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(backoff.next(), milliseconds(500));
  EXPECT_EQ(backoff.attempts(), 104);
  EXPECT_EQ(backoff.after(3), milliseconds(400));  // what the third wait was, the state unchanged
  backoff.reset();
  EXPECT_EQ(backoff.attempts(), 0);
  EXPECT_EQ(backoff.next(), milliseconds(100));
}

TEST(BoundedBuffer, DropsTheOldestWhenFull) {
  BoundedBuffer<int> buffer(3);
  std::size_t dropped = 0;
  for (int i = 1; i <= 5; ++i) dropped += buffer.push(i);
  EXPECT_EQ(dropped, 2u);
  EXPECT_EQ(buffer.pop_up_to(10, milliseconds(0)), (std::vector<int>{3, 4, 5}));
}

TEST(BoundedBuffer, PutsUndeliveredItemsBackInOrder) {
  BoundedBuffer<int> buffer(4);
  buffer.push(3);
  buffer.push(4);
  EXPECT_EQ(buffer.push_front({1, 2}), 0u);
  EXPECT_EQ(buffer.push_front({0}), 1u);  // over capacity: the oldest (0) goes
  EXPECT_EQ(buffer.pop_up_to(10, milliseconds(0)), (std::vector<int>{1, 2, 3, 4}));
}

TEST(QueueSpec, NeverConsumesWsGatewayOrderAndOrderEventsOnlyWhenAsked) {
  for (bool with_orders : {false, true}) {
    const std::vector<std::string> names = market_queue_names(with_orders);
    EXPECT_EQ(std::count(names.begin(), names.end(), "ws-gateway.order"), 0);
    EXPECT_EQ(std::count(names.begin(), names.end(), "ws-gateway.trade"), 1);
    EXPECT_EQ(std::count(names.begin(), names.end(), kOrderEventsQueue), with_orders ? 1 : 0);
  }
}

}  // namespace
}  // namespace fsvc::rabbitmq
