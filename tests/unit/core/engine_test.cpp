#include "core/engine/engine.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>

#include "core/engine/canonical_ticker.hpp"
#include "core/engine/online_tick_policy.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::bit_identical;
using test::book;
using test::px;
using test::sec;
using test::trade;

// Book: bids 99.00 x 1, 98.00 x 2; ask 101.00 x 3 => mid 100, spread 2.
BookUpdate base_snapshot(Timestamp ts = sec(0.5)) {
  return book(ts, true, 10, {{px(9900), px(100)}, {px(9800), px(200)}}, {{px(10100), px(300)}});
}

TEST(SymbolEngine, BookAndTradeFeaturesAtABoundary) {
  Engine engine;
  engine.on_event(base_snapshot());
  engine.on_event(trade(sec(0.2), px(10000), px(100), Side::buy));
  engine.on_event(trade(sec(0.9), px(10200), px(300), Side::sell));
  engine.on_event(trade(sec(1.0), px(10100), px(200), Side::buy));
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->is_grid);
  EXPECT_EQ(v->interval_mask, 0b0001u);
  EXPECT_EQ(v->get(FeatureId::mid_price), 100.0);
  EXPECT_EQ(v->get(FeatureId::spread_abs), 2.0);
  EXPECT_EQ(v->get(FeatureId::spread_rel), 0.02);
  EXPECT_EQ(v->get(FeatureId::depth_bid_top5), 3.0);
  EXPECT_EQ(v->get(FeatureId::depth_ask_top10), 3.0);
  EXPECT_EQ(v->get(FeatureId::depth_imbalance_top5), 0.0);
  EXPECT_EQ(v->get(FeatureId::volume_3s), 6.0);
  EXPECT_DOUBLE_EQ(*v->get(FeatureId::vwap_3s), (100.0 + 306.0 + 202.0) / 6.0);
  EXPECT_EQ(v->get(FeatureId::signed_volume_3s), 0.0);
  EXPECT_EQ(v->get(FeatureId::buy_sell_volume_ratio), 1.0);
  EXPECT_EQ(v->get(FeatureId::trade_count_3s), 3.0);
  EXPECT_EQ(v->get(FeatureId::net_aggressor_pressure), 0.0);
  EXPECT_FALSE(v->has(FeatureId::returns_1s));  // no book as of 0 s
  EXPECT_FALSE(v->has(FeatureId::volatility_1m));
  EXPECT_FALSE(v->has(FeatureId::funding_rate));
  EXPECT_FALSE(v->has(FeatureId::time_to_funding));
  EXPECT_DOUBLE_EQ(*v->get(FeatureId::time_of_day_sin), std::sin(2 * std::numbers::pi * (1.0 / 3600) / 24));
}

TEST(SymbolEngine, NullsWithoutTradesAndSellZero) {
  Engine engine;
  engine.on_event(base_snapshot());
  engine.on_event(trade(sec(0.9), px(10000), px(100), Side::buy));
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  EXPECT_FALSE(v->has(FeatureId::buy_sell_volume_ratio));  // sell = 0
  EXPECT_EQ(v->get(FeatureId::net_aggressor_pressure), 1.0);
  const auto later = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(4), 0});
  EXPECT_EQ(later->get(FeatureId::volume_3s), 0.0);
  EXPECT_EQ(later->get(FeatureId::signed_volume_3s), 0.0);
  EXPECT_EQ(later->get(FeatureId::trade_count_3s), 0.0);
  EXPECT_FALSE(later->has(FeatureId::vwap_3s));
  EXPECT_FALSE(later->has(FeatureId::net_aggressor_pressure));
  EXPECT_EQ(later->get(FeatureId::volume_15s), 1.0);
  EXPECT_EQ(later->interval_mask, 0b0001u);  // 4 s is a 1 s boundary only
}

TEST(SymbolEngine, ReturnsVolatilityAndFunding) {
  Engine engine;
  engine.on_event(base_snapshot());
  engine.on_event(book(sec(1.5), false, 11, {{px(9950), px(100)}}, {}));   // mid 100.25
  engine.on_event(book(sec(2.5), false, 12, {{px(10000), px(100)}}, {}));  // mid 100.5
  TickerUpdate ticker;
  ticker.header.symbol = test::sym("BTCUSDT");
  ticker.header.ts_event = sec(2.2);
  ticker.funding_rate = 0.0001;
  ticker.next_funding_time = sec(28800);
  engine.on_event(ticker);
  const Symbol s = test::sym("BTCUSDT");
  const auto v1 = engine.on_tick(Tick{s, sec(1), 0});
  const auto v2 = engine.on_tick(Tick{s, sec(2), 0});
  const auto v3 = engine.on_tick(Tick{s, sec(3), 0});
  EXPECT_FALSE(v1->has(FeatureId::returns_1s));
  EXPECT_DOUBLE_EQ(*v2->get(FeatureId::returns_1s), 100.25 / 100.0 - 1);
  EXPECT_FALSE(v2->has(FeatureId::funding_rate));
  EXPECT_DOUBLE_EQ(*v3->get(FeatureId::returns_1s), 100.5 / 100.25 - 1);
  EXPECT_FALSE(v3->has(FeatureId::returns_3s));  // mid(0) undefined
  const double r2 = std::log(200.5 / 200.0), r3 = std::log(201.0 / 200.5);
  EXPECT_DOUBLE_EQ(*v3->get(FeatureId::volatility_1m), std::abs(r2 - r3) / 2);
  EXPECT_DOUBLE_EQ(*v3->get(FeatureId::volatility_5m), std::abs(r2 - r3) / 2);
  EXPECT_EQ(v3->get(FeatureId::funding_rate), 0.0001);
  EXPECT_EQ(v3->get(FeatureId::time_to_funding), 28797.0);
  EXPECT_EQ(v3->interval_mask, 0b0011u);
}

TEST(SymbolEngine, DesynchronizedBookNullsBookFeatures) {
  Engine engine;
  const auto first = engine.on_event(book(sec(0.1), false, 5, {{px(9900), px(1)}}, {}));
  EXPECT_TRUE(first.desynchronized);
  EXPECT_EQ(first.book, BookApplyStatus::delta_without_snapshot);
  EXPECT_FALSE(engine.on_event(book(sec(0.2), false, 6, {}, {})).desynchronized);
  engine.on_event(base_snapshot());
  const auto gap = engine.on_event(book(sec(0.7), false, 12, {}, {}));
  EXPECT_EQ(gap.book, BookApplyStatus::gap);
  EXPECT_TRUE(gap.desynchronized);
  EXPECT_FALSE(engine.on_event(book(sec(0.8), false, 13, {}, {})).desynchronized);
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  for (FeatureId id :
       {FeatureId::mid_price, FeatureId::spread_abs, FeatureId::spread_rel, FeatureId::depth_bid_top5,
        FeatureId::depth_ask_top10, FeatureId::depth_imbalance_top5}) {
    EXPECT_FALSE(v->has(id)) << name_of(id);
  }
  const SymbolCounters& c = *engine.counters("BTCUSDT");
  EXPECT_EQ(c.desynchronizations, 2u);
  EXPECT_EQ(c.sequence_gaps, 1u);
  EXPECT_EQ(c.ignored_desynchronized_deltas, 2u);
  EXPECT_EQ(c.events(EventType::orderbook), 5u);
}

TEST(SymbolEngine, EmptySideGivesZeroDepthAndNullMid) {
  Engine engine;
  engine.on_event(book(sec(0.5), true, 1, {{px(9900), px(100)}}, {}));
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  EXPECT_FALSE(v->has(FeatureId::mid_price));
  EXPECT_EQ(v->get(FeatureId::depth_ask_top5), 0.0);
  EXPECT_EQ(v->get(FeatureId::depth_imbalance_top5), 1.0);
}

TEST(SymbolEngine, LaterEventArrivingBeforeTickIsNotInVector) {
  Engine engine;
  engine.on_event(base_snapshot());
  engine.on_event(trade(sec(1.2), px(10000), px(500), Side::buy));         // > t
  engine.on_event(book(sec(1.1), false, 11, {{px(10000), px(100)}}, {}));  // > t
  engine.on_event(trade(sec(0.8), px(10000), px(100), Side::sell));        // <= t, arrives late-ish
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  EXPECT_EQ(v->get(FeatureId::volume_3s), 1.0);
  EXPECT_EQ(v->get(FeatureId::mid_price), 100.0);
  EXPECT_EQ(engine.counters("BTCUSDT")->late_events, 0u);
}

TEST(SymbolEngine, LateEventCountedAndAppliedToLaterBoundaries) {
  Engine engine;
  const Symbol s = test::sym("BTCUSDT");
  engine.on_event(base_snapshot());
  engine.on_tick(Tick{s, sec(1), 0});
  const auto outcome = engine.on_event(trade(sec(0.9), px(10000), px(100), Side::buy));
  EXPECT_TRUE(outcome.late);
  EXPECT_EQ(engine.counters("BTCUSDT")->late_events, 1u);
  const auto v = engine.on_tick(Tick{s, sec(2), 0});
  EXPECT_EQ(v->get(FeatureId::volume_3s), 1.0);
  EXPECT_FALSE(engine.on_tick(Tick{s, sec(2), 0}).has_value());
  EXPECT_FALSE(engine.on_tick(Tick{s, sec(2.5), 0}).has_value());
  EXPECT_EQ(engine.counters("BTCUSDT")->ignored_ticks, 2u);
  EXPECT_FALSE(engine.on_tick(Tick{test::sym("ETHUSDT"), sec(3), 0}).has_value());
}

TEST(SymbolEngine, LatestIsAsOfMaxEventTime) {
  Engine engine;
  EXPECT_FALSE(engine.latest("BTCUSDT").has_value());
  engine.on_event(base_snapshot(sec(0.1)));  // mid(1.25 - 1 s) = 100
  engine.on_event(trade(sec(1.25), px(10000), px(100), Side::buy));
  engine.on_event(book(sec(1.1), false, 11, {{px(9950), px(100)}}, {}));
  const auto v = engine.latest("BTCUSDT");
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->is_grid);
  EXPECT_EQ(v->as_of, sec(1.25));
  EXPECT_EQ(v->get(FeatureId::volume_3s), 1.0);
  EXPECT_EQ(v->get(FeatureId::mid_price), 100.25);
  EXPECT_DOUBLE_EQ(*v->get(FeatureId::returns_1s), 100.25 / 100.0 - 1);
}

TEST(SymbolEngine, ArrivalOrderDoesNotChangeVectors) {
  std::vector<MarketEvent> events = {
      base_snapshot(),
      trade(sec(0.6), px(10003), px(7), Side::buy),
      trade(sec(0.7), px(10011), px(13), Side::sell),
      book(sec(0.75), false, 11, {{px(9950), px(100)}}, {}),
      trade(sec(0.95), px(9999), px(3), Side::buy),
  };
  Engine a;
  for (const auto& e : events) a.on_event(e);
  // Same book order (sequence numbers), trades reversed and after the later book delta.
  Engine c;
  c.on_event(events[0]);
  c.on_event(events[3]);
  for (int i : {4, 2, 1}) c.on_event(events[static_cast<std::size_t>(i)]);
  const Symbol s = test::sym("BTCUSDT");
  const auto va = a.on_tick(Tick{s, sec(1), 0});
  const auto vc = c.on_tick(Tick{s, sec(1), 0});
  EXPECT_TRUE(bit_identical(*va, *vc));
  EXPECT_EQ(va->get(FeatureId::trade_count_3s), 3.0);
}

TEST(CanonicalTicker, TicksFromCeilFirstToFloorLastPerSymbol) {
  std::vector<MarketEvent> events = {
      trade(sec(20.5), px(1), px(1), Side::buy),
      trade(sec(17.583), px(1), px(1), Side::buy),
      trade(sec(18.2), px(1), px(1), Side::buy, "ETHUSDT"),
      trade(sec(19.0), px(1), px(1), Side::buy),
  };
  const auto seq = canonical_sequence(events);
  std::vector<std::pair<std::string, Timestamp>> got;
  for (const EngineInput& in : seq) {
    if (const auto* t = std::get_if<Tick>(&in)) {
      got.emplace_back("T" + t->symbol.str(), t->boundary);
    } else {
      const auto& h = header_of(std::get<MarketEvent>(in));
      got.emplace_back("E" + h.symbol.str(), h.ts_event);
    }
  }
  const std::vector<std::pair<std::string, Timestamp>> want = {
      {"EBTCUSDT", sec(17.583)}, {"EETHUSDT", sec(18.2)}, {"TBTCUSDT", sec(18)},   {"EBTCUSDT", sec(19)},
      {"TBTCUSDT", sec(19)},     {"TBTCUSDT", sec(20)},   {"EBTCUSDT", sec(20.5)},
  };
  EXPECT_EQ(got, want);
}

TEST(OnlineTickPolicy, DueByEventTimeOrCorrectedClock) {
  OnlineTickPolicy p{EngineConfig{}};
  std::vector<Timestamp> due;
  p.due(sec(100), due);
  EXPECT_TRUE(due.empty());  // nothing before the first event
  p.observe_event(sec(17.583));
  EXPECT_EQ(p.next_boundary(), sec(18));
  p.due(std::nullopt, due);
  p.observe_event(sec(18.1));  // not later than 18 + 100 ms
  p.due(std::nullopt, due);
  EXPECT_TRUE(due.empty());
  p.observe_event(sec(18.2));
  p.due(std::nullopt, due);
  EXPECT_EQ(due, std::vector<Timestamp>{sec(18)});
  due.clear();
  p.due(sec(20.15), due);
  EXPECT_EQ(due, (std::vector<Timestamp>{sec(19), sec(20)}));
}

}  // namespace
}  // namespace fsvc
