// The engine's answer to input known to be missing (DataGap): what depended on it is null until new
// input defines it again, never the value from before the gap.
#include <gtest/gtest.h>

#include "core/engine/engine.hpp"
#include "core/window/gap_intervals.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::px;
using test::sec;

const BookUpdate kSnapshot = test::book(sec(0.5), true, 10, {{px(9900), px(100)}}, {{px(10100), px(300)}});

FeatureVector tick(Engine& engine, double at) {
  return engine.on_tick(Tick{test::sym("BTCUSDT"), sec(at), 0}).value();
}

DataGap gap(GapScope scope, double from, double to) {
  return DataGap{test::sym("BTCUSDT"), scope, sec(from), sec(to)};
}

TEST(DataGap, BookIsNullFromTheGapUntilTheNextSnapshot) {
  Engine engine;
  engine.on_event(kSnapshot);
  EXPECT_TRUE(tick(engine, 1).has(FeatureId::depth_bid_top5));
  engine.on_gap(gap(GapScope::book, 1.5, 2.5));
  // The delta right after the gap continues `u` as if nothing were missing: it must not resync.
  engine.on_event(test::book(sec(2.7), false, 11, {{px(9900), px(150)}}, {}));
  const FeatureVector during = tick(engine, 3);
  EXPECT_FALSE(during.has(FeatureId::depth_bid_top5));
  EXPECT_FALSE(during.has(FeatureId::mid_price));
  EXPECT_EQ(engine.counters("BTCUSDT")->data_gaps, 1u);
  engine.on_event(test::book(sec(3.5), true, 40, {{px(9900), px(500)}}, {{px(10100), px(300)}}));
  EXPECT_EQ(tick(engine, 4).get(FeatureId::depth_bid_top5), 5.0);
}

TEST(DataGap, TradeWindowsOverlappingTheGapAreNullOthersKept) {
  Engine engine;
  engine.on_event(kSnapshot);
  engine.on_event(test::trade(sec(0.8), px(10000), px(100), Side::buy));
  engine.on_gap(gap(GapScope::trades, 1.2, 1.8));
  engine.on_event(test::trade(sec(5.5), px(10000), px(200), Side::sell));
  // (2, 5]: after the gap and without trades, a known zero; the 15 s and 1 m windows overlap it.
  const FeatureVector at5 = tick(engine, 5);
  EXPECT_EQ(at5.get(FeatureId::volume_3s), 0.0);
  EXPECT_FALSE(at5.has(FeatureId::volume_15s));
  EXPECT_FALSE(at5.has(FeatureId::volume_1m));
  // (3, 6] holds the trade after the gap and nothing of it.
  EXPECT_EQ(tick(engine, 6).get(FeatureId::volume_3s), 2.0);
  // The book does not depend on trades.
  EXPECT_TRUE(at5.has(FeatureId::mid_price));
}

TEST(DataGap, FundingIsUnknownFromTheGapUntilTheNextUpdate) {
  Engine engine;
  engine.on_event(kSnapshot);
  FundingEvent funding;
  funding.header.symbol = test::sym("BTCUSDT");
  funding.header.ts_event = sec(0.6);
  funding.funding_rate = 0.0001;
  engine.on_event(funding);
  EXPECT_EQ(tick(engine, 1).get(FeatureId::funding_rate), 0.0001);
  engine.on_gap(gap(GapScope::funding, 1.5, 1.5));
  EXPECT_FALSE(tick(engine, 2).has(FeatureId::funding_rate)) << "the missing update may have changed it";
  funding.header.ts_event = sec(2.5);
  funding.funding_rate = 0.0002;
  engine.on_event(funding);
  EXPECT_EQ(tick(engine, 3).get(FeatureId::funding_rate), 0.0002);
}

TEST(GapIntervals, OverlapIsOnTheHalfOpenWindow) {
  GapIntervals gaps;
  gaps.add(sec(10), sec(12));
  EXPECT_FALSE(gaps.overlaps(sec(12), sec(15))) << "(12, 15] starts after the gap";
  EXPECT_TRUE(gaps.overlaps(sec(11.9), sec(15)));
  EXPECT_TRUE(gaps.overlaps(sec(7), sec(10)));
  EXPECT_FALSE(gaps.overlaps(sec(5), sec(9.9)));
  gaps.evict_through(sec(12));
  EXPECT_TRUE(gaps.empty());
}

}  // namespace
}  // namespace fsvc
