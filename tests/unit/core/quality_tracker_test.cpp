// Data-quality counters (quality.md §1) as the engine keeps them: each check by name, with inputs
// whose faults are known, so every expected number is the count of what the test injected.
#include <gtest/gtest.h>

#include <vector>

#include "core/engine/engine.hpp"
#include "core/quality/price_jump_check.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::book;
using test::px;
using test::sec;
using test::trade;

constexpr Timestamp kT0 = 1'786'310'400'000'000;  // 2026-08-10T00:00:00Z, a minute boundary

TickerUpdate ticker(Timestamp ts, Timestamp received) {
  TickerUpdate t;
  t.header.symbol = test::sym("BTCUSDT");
  t.header.ts_event = ts;
  t.header.ts_gateway = received;
  t.last_price = 100.0;
  return t;
}

BookUpdate delta(Timestamp ts, std::int64_t u) {
  return book(ts, false, u, {{px(10000) - 1000 * u, 1}}, {{px(10100), 1}});
}

// Sums every minute of the symbol, closed and open.
QualityMinute totals(const Engine& engine) {
  QualityMinute sum;
  for (const QualityMinute& m : engine.find("BTCUSDT")->quality().pending()) add_minute(sum, m);
  return sum;
}

TEST(QualityTracker, SequenceGapIsRecordedWithExpectedAndReceivedUAndItsRecovery) {
  Engine engine;
  engine.on_event(book(kT0, true, 1, {{px(10000), 1}}, {{px(10100), 1}}));
  engine.on_event(delta(kT0 + sec(0.1), 2));
  engine.on_event(delta(kT0 + sec(0.2), 5));  // 3 and 4 lost
  engine.on_event(delta(kT0 + sec(0.3), 6));  // buffered while desynchronized
  engine.on_event(book(kT0 + sec(2.5), true, 100, {{px(10000), 1}}, {{px(10100), 1}}));

  const QualityMinute q = totals(engine);
  const StreamMinute& b = q.stream(EventType::orderbook);
  EXPECT_EQ(b.events, 5u);
  EXPECT_EQ(b.sequence_gaps, 1u);
  EXPECT_EQ(b.desynchronizations, 1u);
  ASSERT_EQ(q.gaps.size(), 1u);
  EXPECT_EQ(q.gaps[0], (SequenceGapRecord{kT0 + sec(0.2), 3, 5}));
  ASSERT_EQ(q.desyncs.size(), 1u);
  EXPECT_EQ(q.desyncs[0], (DesyncRecord{kT0 + sec(0.2), DesyncCause::sequence_gap}));
  ASSERT_EQ(q.resyncs.size(), 1u);
  EXPECT_EQ(q.resyncs[0].time - q.resyncs[0].desync_time, sec(2.3));
}

TEST(QualityTracker, DeltaBeforeAnySnapshotIsADesynchronizationWithThatCause) {
  Engine engine;
  engine.on_event(delta(kT0, 7));
  const QualityMinute q = totals(engine);
  ASSERT_EQ(q.desyncs.size(), 1u);
  EXPECT_EQ(q.desyncs[0].cause, DesyncCause::delta_before_snapshot);
  EXPECT_EQ(q.stream(EventType::orderbook).sequence_gaps, 0u);
}

// A ticker every second for two minutes, the book silent for 30 of them: 30 missing book seconds,
// of which 25 beyond its 5 s stale limit; the ticker itself misses nothing.
TEST(QualityTracker, SilentBookIsMissingEverySecondAndStaleBeyondItsLimit) {
  Engine engine;
  engine.on_event(book(kT0, true, 1, {{px(10000), 1}}, {{px(10100), 1}}));
  std::int64_t u = 1;
  for (int s = 0; s < 120; ++s) {
    const Timestamp t = kT0 + s * kMicrosPerSecond;
    engine.on_event(ticker(t + sec(0.5), t + sec(0.7)));
    if (s > 0 && (s < 40 || s >= 70)) engine.on_event(delta(t + sec(0.1), ++u));
  }
  const QualityMinute q = totals(engine);
  const StreamMinute& b = q.stream(EventType::orderbook);
  EXPECT_EQ(b.expected_seconds, 120u);
  EXPECT_EQ(b.missing_seconds, 30u);
  EXPECT_EQ(b.stale_seconds, 25u);
  EXPECT_EQ(q.stream(EventType::ticker).missing_seconds, 0u);
  EXPECT_EQ(q.stream(EventType::ticker).expected_seconds, 120u);
  // Trades are bursty: two minutes without any is missing only beyond their 60 s stale limit.
  EXPECT_EQ(q.stream(EventType::trade).stale_seconds, 59u);
  EXPECT_EQ(q.stream(EventType::trade).missing_seconds, 59u);
  EXPECT_EQ(q.stream(EventType::funding).expected_seconds, 0u);
}

TEST(QualityTracker, ClockSkewOutsideMinusOnePlusFiveSecondsIsCounted) {
  Engine engine;
  engine.on_event(ticker(kT0, kT0 + sec(2.3)));           // the real sample's worst: fine
  engine.on_event(ticker(kT0 + sec(1), kT0 + sec(7)));    // received 6 s after: skew
  engine.on_event(ticker(kT0 + sec(2), kT0 + sec(0.5)));  // 1.5 s before it happened: skew
  engine.on_event(ticker(kT0 + sec(3), 0));               // no received_at (REST, hand-made): unjudged
  const QualityMinute q = totals(engine);
  const StreamMinute& t = q.stream(EventType::ticker);
  EXPECT_EQ(t.anomaly(AnomalyCheck::clock_skew), 2u);
  EXPECT_EQ(t.anomalous_events, 2u);
  EXPECT_EQ(t.events, 4u);
}

TEST(QualityTracker, TimeGoingBackwardsByMoreThanASecondIsCounted) {
  Engine engine;
  engine.on_event(trade(kT0 + sec(5), px(10000), 1, Side::buy));
  engine.on_event(trade(kT0 + sec(4.5), px(10000), 1, Side::buy));  // 0.5 s back: tolerated
  engine.on_event(trade(kT0 + sec(3), px(10000), 1, Side::buy));    // 1.5 s back
  EXPECT_EQ(totals(engine).stream(EventType::trade).anomaly(AnomalyCheck::time_backwards), 1u);
}

// Late: behind the symbol's newest event time by more than the allowed lateness (100 ms), whether
// or not a boundary was emitted meanwhile; an out-of-order neighbour 50 ms behind is not late.
TEST(QualityTracker, LateEventsAreCountedWithTheirMaximumLatenessWithoutAnyBoundary) {
  Engine engine;
  engine.on_event(trade(kT0 + sec(0.5), px(10000), 1, Side::buy));
  engine.on_event(ticker(kT0 + sec(1.7), kT0 + sec(1.71)));
  engine.on_event(trade(kT0 + sec(1.65), px(10000), 1, Side::buy));  // 50 ms behind: in time
  engine.on_event(trade(kT0 + sec(0.9), px(10000), 1, Side::buy));   // 0.8 s behind the ticker
  engine.on_event(trade(kT0 + sec(0.6), px(10000), 1, Side::buy));   // 1.1 s behind
  const QualityMinute q = totals(engine);
  const StreamMinute& t = q.stream(EventType::trade);
  EXPECT_EQ(t.late_events, 2u);
  EXPECT_EQ(t.max_lateness, sec(1.1));
  EXPECT_EQ(q.stream(EventType::ticker).late_events, 0u);
}

// Trades wander ±1 tick; one print 5 % away is one jump, and neither the return to normal nor the
// next trades count again. A move that the next price confirms is a level shift, counted once.
TEST(QualityTracker, PriceSpikeCountsOnceAndALevelShiftOnce) {
  Engine engine;
  for (int i = 0; i < 100; ++i) {
    engine.on_event(trade(kT0 + i * sec(0.5), px(10000) + (i % 2) * px(1), 1, Side::buy));
  }
  engine.on_event(trade(kT0 + sec(50.1), px(10500), 1, Side::buy));
  for (int i = 0; i < 10; ++i) engine.on_event(trade(kT0 + sec(51) + i * sec(0.5), px(10000), 1, Side::sell));
  EXPECT_EQ(totals(engine).stream(EventType::trade).anomaly(AnomalyCheck::price_jump), 1u);
  engine.on_event(trade(kT0 + sec(57), px(9500), 1, Side::sell));
  engine.on_event(trade(kT0 + sec(57.5), px(9501), 1, Side::sell));
  engine.on_event(trade(kT0 + sec(58), px(9500), 1, Side::sell));
  EXPECT_EQ(totals(engine).stream(EventType::trade).anomaly(AnomalyCheck::price_jump), 2u);
}

TEST(QualityTracker, SmallMovesAreNoJumpEvenWhenTheMarketWasFlat) {
  PriceJumpCheck check(10.0, 10, 5 * kMicrosPerMinute);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(check.check(kT0 + i * sec(1), px(10000), 1));
  EXPECT_FALSE(check.check(kT0 + sec(100), px(10000) + 10, 1));  // 10 ticks: not more than 10
  EXPECT_TRUE(check.check(kT0 + sec(101), px(10000) + 21, 1));
}

TEST(QualityTracker, CrossedBookAndRefusalsAreCountedByName) {
  Engine engine;
  engine.on_event(book(kT0, true, 1, {{px(10000), 1}}, {{px(10100), 1}}));
  engine.on_event(book(kT0 + sec(0.1), false, 2, {{px(10200), 1}}, {}));  // bid above the ask
  TradeEvent t = trade(kT0 + sec(0.2), px(10000), 1, Side::buy);
  (void)t.trade_id.assign("T1");
  engine.on_event(t);
  engine.on_refused(t, Admission::duplicate);
  engine.on_refused(ticker(kT0 + sec(0.3), kT0 + 2 * kMicrosPerHour), Admission::time_behind_receipt);
  engine.on_rejected_message(test::sym("BTCUSDT"), EventType::ticker, "bad_number");
  const QualityMinute q = totals(engine);
  EXPECT_EQ(q.stream(EventType::orderbook).anomaly(AnomalyCheck::crossed_book), 1u);
  EXPECT_EQ(q.desyncs.at(0).cause, DesyncCause::crossed_book);
  EXPECT_EQ(q.stream(EventType::trade).anomaly(AnomalyCheck::duplicate_trade_id), 1u);
  EXPECT_EQ(q.stream(EventType::trade).events, 1u);
  EXPECT_EQ(q.stream(EventType::ticker).anomaly(AnomalyCheck::clock_skew), 1u);
  ASSERT_EQ(q.rejected.size(), 1u);
  EXPECT_EQ(q.rejected[0], (RejectedCount{EventType::ticker, "bad_number", 1}));
}

TEST(QualityTracker, MinutesCloseOnceEventTimePassedTheirEndByTheGrace) {
  Engine engine;
  engine.on_event(trade(kT0 + sec(30), px(10000), 1, Side::buy));
  engine.on_event(trade(kT0 + sec(65), px(10000), 1, Side::buy));
  EXPECT_TRUE(engine.take_closed_quality().empty());               // 5 s into the next minute: within grace
  engine.on_event(trade(kT0 + sec(58), px(10000), 1, Side::buy));  // still counts in its own minute
  engine.on_event(trade(kT0 + sec(70), px(10000), 1, Side::buy));
  const std::vector<QualityMinute> closed = engine.take_closed_quality();
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].start, kT0);
  EXPECT_EQ(closed[0].stream(EventType::trade).events, 2u);
  EXPECT_TRUE(engine.take_closed_quality().empty());
  engine.finish_quality();
  const std::vector<QualityMinute> rest = engine.take_closed_quality();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].stream(EventType::trade).events, 2u);
}

}  // namespace
}  // namespace fsvc
