// features.md §1, silences: a forward jump of event time emits at most the longest window's worth of
// boundaries, online and offline alike, however far the jump goes.
#include <gtest/gtest.h>

#include <vector>

#include "core/engine/canonical_ticker.hpp"
#include "core/engine/engine.hpp"
#include "core/engine/online_tick_policy.hpp"
#include "core_test_events.hpp"

namespace fsvc {
namespace {

using test::px;
using test::sec;
using test::trade;

constexpr Duration k30Days = 30 * kMicrosPerDay;
// 9999-12-31T00:00:00Z, the kind of time a broken clock or a hostile client sends.
constexpr Timestamp kYear9999 = 253'402'214'400'000'000;

std::size_t window_boundaries(const EngineConfig& config) {
  return static_cast<std::size_t>(config.longest_window() / config.finest());
}

std::vector<Timestamp> canonical_ticks(const std::vector<MarketEvent>& events, const EngineConfig& config) {
  std::vector<Timestamp> ticks;
  for (const EngineInput& input : canonical_sequence(events, config)) {
    if (const auto* tick = std::get_if<Tick>(&input)) ticks.push_back(tick->boundary);
  }
  return ticks;
}

std::vector<Timestamp> online_ticks(const std::vector<Timestamp>& event_times, const EngineConfig& config) {
  OnlineTickPolicy policy(config);
  std::vector<Timestamp> due;
  for (Timestamp ts : event_times) {
    policy.observe_event(ts);
    policy.due(std::nullopt, due);
  }
  return due;
}

TEST(Silence, CanonicalJumpEmitsOnlyTheLongestWindowAfterTheLastEvent) {
  const EngineConfig config;
  const Timestamp last = sec(1000.5);
  const auto ticks = canonical_ticks(
      {trade(last, px(100), px(1), Side::buy), trade(last + k30Days, px(100), px(1), Side::buy)}, config);
  ASSERT_EQ(ticks.size(), window_boundaries(config));  // not one per second of the 30 days
  EXPECT_EQ(ticks.front(), sec(1001));
  EXPECT_EQ(ticks.back(), floor_to(last + config.longest_window(), config.finest()));
}

TEST(Silence, CanonicalResumesAtTheFirstBoundaryAfterTheJump) {
  const EngineConfig config;
  const Timestamp jump = sec(1000) + k30Days;
  const auto ticks = canonical_ticks(
      {trade(sec(1000), px(100), px(1), Side::buy), trade(jump + sec(0.5), px(100), px(1), Side::buy),
       trade(jump + sec(3.5), px(100), px(1), Side::buy)},
      config);
  // 1000 (the event's own boundary) through 1300, then 1 s, 2 s and 3 s after the jump.
  ASSERT_EQ(ticks.size(), window_boundaries(config) + 1 + 3);
  EXPECT_EQ(ticks[window_boundaries(config)], sec(1000) + config.longest_window());
  EXPECT_EQ(ticks[window_boundaries(config) + 1], jump + sec(1));
  EXPECT_EQ(ticks.back(), jump + sec(3));
}

TEST(Silence, OtherSymbolsKeepTheirBoundaries) {
  const EngineConfig config;
  std::vector<MarketEvent> events{trade(sec(1000), px(100), px(1), Side::buy)};
  for (int s = 1000; s <= 1700; s += 100)
    events.push_back(trade(sec(s), px(100), px(1), Side::buy, "ETHUSDT"));
  events.push_back(trade(sec(1700), px(100), px(1), Side::buy));
  std::size_t btc = 0;
  std::size_t eth = 0;
  for (const EngineInput& input : canonical_sequence(events, config)) {
    if (const auto* tick = std::get_if<Tick>(&input)) ++(tick->symbol.view() == "BTCUSDT" ? btc : eth);
  }
  EXPECT_EQ(btc, window_boundaries(config) + 2);  // 1000..1300, then 1700 itself
  EXPECT_EQ(eth, 701u);                           // every 100 s is within its window: 1000..1700
}

TEST(Silence, OnlineJumpEmitsWhatCanonicalEmits) {
  const EngineConfig config;
  const std::vector<Timestamp> times = {sec(1000.5), sec(1001.2), sec(1000.5) + k30Days,
                                        sec(1003.7) + k30Days};
  std::vector<MarketEvent> events;
  for (Timestamp t : times) events.push_back(trade(t, px(100), px(1), Side::buy));
  const auto online = online_ticks(times, config);
  EXPECT_EQ(online, canonical_ticks(events, config));
  EXPECT_EQ(online.size(),
            window_boundaries(config) + 1 + 3);  // 1001..1301, then 1, 2 and 3 s after the jump
}

TEST(Silence, OnlineClockAloneStopsAWindowAfterTheLastEvent) {
  const EngineConfig config;
  OnlineTickPolicy policy(config);
  policy.observe_event(sec(1000));
  std::vector<Timestamp> due;
  policy.due(sec(1000) + kMicrosPerDay, due);  // a day of quiet feed by the corrected clock
  EXPECT_EQ(due.size(), window_boundaries(config) + 1);
  EXPECT_EQ(due.back(), sec(1000) + config.longest_window());
  policy.due(sec(1000) + 2 * kMicrosPerDay, due);
  EXPECT_EQ(due.size(), window_boundaries(config) + 1);
}

TEST(Silence, JumpToYear9999EmitsABoundedNumberOfVectors) {
  const EngineConfig config;
  Engine engine(config);
  std::size_t vectors = 0;
  const std::vector<MarketEvent> events = {
      test::book(sec(1000), true, 1, {{px(100), px(1)}}, {{px(101), px(1)}}),
      trade(sec(1000.5), px(100), px(1), Side::buy),
      test::book(kYear9999, false, 2, {{px(100), px(2)}}, {}),
      trade(kYear9999 + sec(2.5), px(100), px(1), Side::buy),
  };
  std::optional<FeatureVector> last;
  for (const EngineInput& input : canonical_sequence(events, config)) {
    if (const auto* tick = std::get_if<Tick>(&input)) {
      if (auto v = engine.on_tick(*tick)) {
        ++vectors;
        last = std::move(v);
      }
    } else {
      engine.on_event(std::get<MarketEvent>(input));
    }
  }
  EXPECT_EQ(vectors, window_boundaries(config) + 1 + 3);  // 1000..1300, then 9999 + 0, 1, 2 s
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->as_of, kYear9999 + sec(2));
  EXPECT_DOUBLE_EQ(*last->get(FeatureId::mid_price), 1.005);  // the book carried across the silence
}

}  // namespace
}  // namespace fsvc
