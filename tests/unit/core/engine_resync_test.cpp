// How the engine reports a REST resynchronization to the driver, and what vectors see of it.
#include <gtest/gtest.h>

#include "core/engine/engine.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::book;
using test::px;
using test::rest_snapshot;
using test::sec;

// Synchronized at u = 10 (bid 99.00, ask 101.00), then 11 is lost and 12 (bid 99.50) arrives.
void desynchronize(Engine& engine) {
  engine.on_event(book(sec(0.1), true, 10, {{px(9900), px(100)}}, {{px(10100), px(300)}}));
  const EventOutcome gap = engine.on_event(book(sec(0.2), false, 12, {{px(9950), px(100)}}, {}));
  ASSERT_TRUE(gap.desynchronized);
}

TEST(EngineResync, UnbridgedRestSnapshotAsksAgainAndBridgedOneRestoresBookFeatures) {
  Engine engine;
  desynchronize(engine);
  EXPECT_FALSE(engine.on_event(book(sec(0.3), false, 13, {}, {{px(10050), px(200)}})).desynchronized);

  const EventOutcome stale =
      engine.on_event(rest_snapshot(sec(0.15), 10, {{px(9900), px(1)}}, {{px(10100), px(1)}}));
  EXPECT_EQ(stale.book, BookApplyStatus::snapshot_not_bridged);
  EXPECT_TRUE(stale.desynchronized);  // the driver requests another snapshot
  EXPECT_FALSE(engine.latest("BTCUSDT")->has(FeatureId::mid_price));

  const EventOutcome bridged =
      engine.on_event(rest_snapshot(sec(0.25), 11, {{px(9900), px(100)}}, {{px(10100), px(300)}}));
  EXPECT_EQ(bridged.book, BookApplyStatus::snapshot);
  EXPECT_FALSE(bridged.desynchronized);
  // bids 99.50, 99.00; asks 100.50, 101.00 => mid 100.00, spread 1.00.
  const auto v = engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->get(FeatureId::mid_price), 100.0);
  EXPECT_EQ(v->get(FeatureId::spread_abs), 1.0);
  const SymbolCounters& c = *engine.counters("BTCUSDT");
  EXPECT_EQ(c.desynchronizations, 1u);
  EXPECT_EQ(c.sequence_gaps, 1u);
}

TEST(EngineResync, BridgedBookIsRecordedAtItsNewestDeltaNotEarlier) {
  Engine engine;
  desynchronize(engine);
  engine.on_event(book(sec(0.4), false, 13, {}, {{px(10050), px(200)}}));
  engine.on_event(rest_snapshot(sec(0.25), 11, {{px(9900), px(100)}}, {{px(10100), px(300)}}));
  const SymbolEngine& symbol = *engine.find("BTCUSDT");
  // Between the snapshot's time and delta 13's, the book state that includes 13 must not be visible.
  EXPECT_FALSE(symbol.book_history().as_of(sec(0.39))->synchronized);
  const auto top = symbol.book_history().as_of(sec(0.4));
  EXPECT_TRUE(top->synchronized);
  EXPECT_EQ(top->best_ask, px(10050));
}

TEST(EngineResync, CrossedRestSnapshotAsksAgain) {
  Engine engine;
  desynchronize(engine);
  const EventOutcome crossed =
      engine.on_event(rest_snapshot(sec(0.25), 11, {{px(9900), px(100)}}, {{px(9920), px(300)}}));
  EXPECT_EQ(crossed.book, BookApplyStatus::crossed);
  EXPECT_TRUE(crossed.desynchronized);
}

TEST(EngineResync, SameInputsGiveTheSameBookOnReplay) {
  const auto run = [] {
    Engine engine;
    desynchronize(engine);
    engine.on_event(book(sec(0.3), false, 13, {}, {{px(10050), px(200)}}));
    engine.on_event(rest_snapshot(sec(0.15), 10, {{px(9900), px(1)}}, {{px(10100), px(1)}}));
    engine.on_event(rest_snapshot(sec(0.25), 11, {{px(9900), px(100)}}, {{px(10100), px(300)}}));
    return *engine.on_tick(Tick{test::sym("BTCUSDT"), sec(1), 0});
  };
  const FeatureVector a = run(), b = run();
  EXPECT_EQ(a.present, b.present);
  EXPECT_EQ(a.get(FeatureId::mid_price), b.get(FeatureId::mid_price));
}

}  // namespace
}  // namespace fsvc
