// The gate every path admits events through (issue 12 items 2 and 4): one rule for duplicates, one
// for implausible exchange times, decided in arrival order.
#include "core/engine/event_admission.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::px;
using test::sec;

constexpr Timestamp kNow = 1'786'310'819'680'000;  // 2026-08-09T21:26:59.68Z, the real sample's day
constexpr Duration k30Days = 30 * kMicrosPerDay;
constexpr Timestamp kYear9999 = 253'402'214'400'000'000;

TradeEvent trade(Timestamp ts, std::string_view trade_id, Timestamp received_at = 0,
                 std::string_view symbol = "BTCUSDT") {
  TradeEvent t = test::trade(ts, px(100), px(1), Side::buy, symbol);
  (void)t.trade_id.assign(trade_id);
  (void)t.header.event_id.assign(std::string("e-") + std::string(trade_id));
  t.header.ts_gateway = received_at;
  return t;
}

BookUpdate delta(Timestamp ts, std::int64_t u, std::string_view event_id, Timestamp received_at = 0) {
  BookUpdate b = test::book(ts, false, u, {{px(100), px(1)}}, {});
  (void)b.header.event_id.assign(event_id);
  b.header.ts_gateway = received_at;
  return b;
}

TEST(EventAdmission, ATradeRepeatedUnderOneIdIsAdmittedOnce) {
  EventAdmission admission;
  const TradeEvent t = trade(kNow, "t-1", kNow + sec(0.2));
  EXPECT_EQ(admission.admit(t), Admission::accepted);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(admission.admit(t), Admission::duplicate);
  EXPECT_EQ(admission.admit(trade(kNow, "t-2", kNow + sec(0.2))), Admission::accepted);
  // The same trade id for another symbol is another trade.
  EXPECT_EQ(admission.admit(trade(kNow, "t-1", kNow + sec(0.2), "ETHUSDT")), Admission::accepted);
}

TEST(EventAdmission, NonTradeEventsAreIdentifiedByEventId) {
  EventAdmission admission;
  EXPECT_EQ(admission.admit(delta(kNow, 10, "e-10")), Admission::accepted);
  EXPECT_EQ(admission.admit(delta(kNow, 10, "e-10")), Admission::duplicate);
  // A delta whose `u` is not above the last is the book's business (counted there), not a duplicate.
  EXPECT_EQ(admission.admit(delta(kNow, 10, "e-10b")), Admission::accepted);
  BookUpdate anonymous = delta(kNow, 11, "");
  EXPECT_EQ(admission.admit(anonymous), Admission::accepted);
  EXPECT_EQ(admission.admit(anonymous), Admission::accepted);  // no id: never a duplicate
}

// The same stale REST snapshot fetched twice is two answers: the engine must see the second to ask
// again (SnapshotResync.StaleSnapshotAloneLeavesBookFeaturesNull), and the journal must hold it.
TEST(EventAdmission, ARefetchedRestSnapshotIsNeverADuplicate) {
  EventAdmission admission;
  BookUpdate snapshot = test::book(kNow, true, 10, {{px(99), px(1)}}, {{px(101), px(3)}});
  snapshot.from_rest = true;
  (void)snapshot.header.event_id.assign("rest-snapshot-10");
  EXPECT_EQ(admission.admit(snapshot), Admission::accepted);
  EXPECT_EQ(admission.admit(snapshot), Admission::accepted);
}

TEST(EventAdmission, ExchangeTimeFarFromReceivedAtIsRefused) {
  EventAdmission admission;
  const EventTimeBounds bounds;
  EXPECT_EQ(admission.admit(trade(kNow, "ok", kNow + sec(2.3))), Admission::accepted);  // real: 0.1-2.3 s
  EXPECT_EQ(admission.admit(trade(kNow + sec(1.2), "ahead-ok", kNow)), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(0, "t0", kNow)), Admission::time_behind_receipt);  // `T: 0`
  EXPECT_EQ(admission.admit(trade(kYear9999, "y9999", kNow)), Admission::time_ahead_of_receipt);
  EXPECT_EQ(admission.admit(trade(kNow + k30Days, "d30", kNow)), Admission::time_ahead_of_receipt);
  EXPECT_EQ(admission.admit(trade(kNow + bounds.max_ahead_of_receipt, "edge", kNow)), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kNow + bounds.max_ahead_of_receipt + 1, "past", kNow)),
            Admission::time_ahead_of_receipt);
  EXPECT_EQ(admission.admit(trade(kNow - bounds.max_behind_receipt - 1, "old", kNow)),
            Admission::time_behind_receipt);
}

TEST(EventAdmission, ARefusedEventIsNotRememberedAsSeen) {
  EventAdmission admission;
  EXPECT_EQ(admission.admit(trade(kYear9999, "t-1", kNow)), Admission::time_ahead_of_receipt);
  EXPECT_EQ(admission.admit(trade(kYear9999, "t-1", kNow)), Admission::time_ahead_of_receipt);
  EXPECT_EQ(admission.admit(trade(kNow, "t-1", kNow)), Admission::accepted);  // a corrected copy
}

TEST(EventAdmission, WithoutReceivedAtAJumpAheadOfTheStreamIsRefused) {
  EventAdmission admission;
  EXPECT_EQ(admission.admit(trade(kNow, "a")), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kNow + k30Days, "b")), Admission::time_ahead_of_stream);
  EXPECT_EQ(admission.admit(trade(kYear9999, "c")), Admission::time_ahead_of_stream);
  EXPECT_EQ(admission.admit(trade(kNow + sec(1), "d")), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kNow - k30Days, "e")), Admission::accepted);  // old: late, not a jump
  EXPECT_EQ(admission.admit(trade(kNow + k30Days, "f", 0, "ETHUSDT")),
            Admission::accepted);  // its own stream
}

// A wrong first event (`T: 0` with no received_at) must not lock the symbol out: two events in a
// row that agree on the new time confirm the stream moved on.
TEST(EventAdmission, TwoAgreeingEventsConfirmAJump) {
  EventAdmission admission;
  EXPECT_EQ(admission.admit(trade(0, "zero")), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kNow, "a")), Admission::time_ahead_of_stream);
  EXPECT_EQ(admission.admit(trade(kNow + sec(0.5), "b")), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kNow + sec(1), "a2")), Admission::accepted);
  // A lone outlier between good events does not move the stream.
  EXPECT_EQ(admission.admit(trade(kYear9999, "x")), Admission::time_ahead_of_stream);
  EXPECT_EQ(admission.admit(trade(kNow + sec(2), "c")), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kYear9999 + sec(1), "y")), Admission::time_ahead_of_stream);
}

TEST(EventAdmission, ReceivedAtVouchesForAJumpOfTheStream) {
  EventAdmission admission;
  EXPECT_EQ(admission.admit(trade(kNow, "a", kNow + sec(0.2))), Admission::accepted);
  // An exchange halt of two days: received_at moved with the exchange time.
  EXPECT_EQ(admission.admit(trade(kNow + 2 * kMicrosPerDay, "b", kNow + 2 * kMicrosPerDay + sec(0.2))),
            Admission::accepted);
}

TEST(EventAdmission, BoundsAreConfigurable) {
  AdmissionConfig config;
  config.time.max_ahead_of_receipt = sec(1);
  config.time.max_jump = kMicrosPerMinute;
  EventAdmission admission(config);
  EXPECT_EQ(admission.admit(trade(kNow + sec(2), "a", kNow)), Admission::time_ahead_of_receipt);
  EXPECT_EQ(admission.admit(trade(kNow, "b")), Admission::accepted);
  EXPECT_EQ(admission.admit(trade(kNow + 2 * kMicrosPerMinute, "c")), Admission::time_ahead_of_stream);
}

// The redelivery memory is bounded by count and, when configured, by event time: an id repeated
// after it was forgotten is a new event, by the same rule on every path.
TEST(EventAdmission, DuplicateMemoryIsBoundedByCountAndHorizon) {
  AdmissionConfig by_count;
  by_count.dedup_capacity = 2;
  EventAdmission counted(by_count);
  for (const char* id : {"a", "b", "c"}) EXPECT_EQ(counted.admit(trade(kNow, id)), Admission::accepted);
  EXPECT_EQ(counted.admit(trade(kNow, "c")), Admission::duplicate);
  EXPECT_EQ(counted.admit(trade(kNow, "a")), Admission::accepted) << "the oldest id was forgotten";

  AdmissionConfig by_time;
  by_time.dedup_horizon = sec(10);
  EventAdmission timed(by_time);
  EXPECT_EQ(timed.admit(trade(kNow, "a")), Admission::accepted);
  EXPECT_EQ(timed.admit(trade(kNow + sec(10), "b")), Admission::accepted);
  EXPECT_EQ(timed.admit(trade(kNow + sec(10), "a")), Admission::duplicate) << "10 s old: still remembered";
  EXPECT_EQ(timed.admit(trade(kNow + sec(11), "c")), Admission::accepted);
  EXPECT_EQ(timed.admit(trade(kNow + sec(11), "a")), Admission::accepted) << "11 s old: forgotten";
  EXPECT_EQ(timed.admit(trade(kNow + sec(11), "b")), Admission::duplicate);
}

}  // namespace
}  // namespace fsvc
