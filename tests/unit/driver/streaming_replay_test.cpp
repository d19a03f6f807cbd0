// Streaming canonical replay: a bounded reordering window in front of the canonical OfflineDriver
// gives the vectors of replay_canonical (a stable sort of the whole input) bit for bit, and says
// when the input is out of order beyond the window.
#include "driver/streaming_replay.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <vector>

#include "adapters/simulator/market_simulator.hpp"
#include "support/recording_vector_sink.hpp"

namespace fsvc {
namespace {

MarketEvent trade_at(Timestamp ts, const char* id) {
  TradeEvent trade;
  EXPECT_TRUE(trade.header.symbol.assign("BTCUSDT"));
  EXPECT_TRUE(trade.header.event_id.assign(id));
  EXPECT_TRUE(trade.trade_id.assign(id));
  trade.header.ts_event = ts;
  trade.price = 100;
  trade.size = 1;
  return trade;
}

std::vector<std::string> released_ids(ReorderWindow& window, std::vector<MarketEvent> events) {
  std::vector<std::string> ids;
  for (MarketEvent& e : events) {
    EXPECT_TRUE(window.push(e));
    while (const MarketEvent* out = window.release(false)) ids.emplace_back(header_of(*out).event_id.view());
  }
  while (const MarketEvent* out = window.release(true)) ids.emplace_back(header_of(*out).event_id.view());
  return ids;
}

TEST(ReorderWindow, ReleasesInEventTimeOrderWithTiesInArrivalOrder) {
  ReorderWindow window(3);
  const auto ids = released_ids(window, {trade_at(5, "a"), trade_at(3, "b"), trade_at(4, "c"),
                                         trade_at(3, "d"), trade_at(9, "e"), trade_at(5, "f")});
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "d", "c", "a", "f", "e"}));
}

// Times in µs: with a horizon of 10, an event is held until one more than 10 later arrives, however
// many fewer than the capacity are held.
TEST(ReorderWindow, ReleasesAnEventOnceOneMoreThanTheHorizonLaterArrives) {
  ReorderWindow window(100, 10);
  std::vector<std::string> ids;
  const auto push = [&](Timestamp ts, const char* id) {
    MarketEvent e = trade_at(ts, id);
    const bool taken = window.push(e);
    while (const MarketEvent* out = window.release(false)) ids.emplace_back(header_of(*out).event_id.view());
    return taken;
  };
  EXPECT_TRUE(push(10, "a"));
  EXPECT_TRUE(push(0, "b"));
  EXPECT_TRUE(push(10, "c"));  // exactly the horizon after b: b is still held
  EXPECT_TRUE(ids.empty());
  EXPECT_TRUE(push(11, "d"));
  EXPECT_EQ(ids, (std::vector<std::string>{"b"}));
  EXPECT_TRUE(push(5, "f"));  // later than b, the one released: still reordered
  EXPECT_TRUE(push(30, "g"));
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "f", "a", "c", "d"}));
  EXPECT_FALSE(push(10, "h"));  // earlier than d, released
}

TEST(ReorderWindow, HorizonAtTheExtremesOfTimeDoesNotOverflow) {
  ReorderWindow window(100, 10);
  MarketEvent earliest = trade_at(std::numeric_limits<Timestamp>::min(), "a");
  MarketEvent latest = trade_at(std::numeric_limits<Timestamp>::max(), "b");
  ASSERT_TRUE(window.push(earliest));
  ASSERT_TRUE(window.push(latest));
  const MarketEvent* released = window.release(false);
  ASSERT_NE(released, nullptr);
  EXPECT_EQ(header_of(*released).event_id.view(), "a");
  EXPECT_EQ(window.release(false), nullptr);
}

TEST(ReorderWindow, RefusesAnEventEarlierThanOneAlreadyReleased) {
  ReorderWindow window(1);
  MarketEvent first = trade_at(5, "a");
  MarketEvent second = trade_at(7, "b");
  ASSERT_TRUE(window.push(first));
  ASSERT_TRUE(window.push(second));
  const MarketEvent* released = window.release(false);
  ASSERT_NE(released, nullptr);
  EXPECT_EQ(header_of(*released).ts_event, 5);
  MarketEvent same_time = trade_at(5, "c");  // a tie goes after the released one: still in order
  EXPECT_TRUE(window.push(same_time));
  MarketEvent late = trade_at(4, "d");
  EXPECT_FALSE(window.push(late));
  EXPECT_EQ(header_of(late).event_id.view(), "d") << "a refused event is left with the caller";
}

// Twenty simulated minutes of BTCUSDT and ETHUSDT, with trades, tickers and klines delivered 1-2 s
// late and neighbours swapped: ~90,000 events, several times the default window. Made once.
const std::vector<MarketEvent>& simulated_events() {
  static const std::vector<MarketEvent> events = [] {
    sim::SimulatorOptions options;
    options.seed = 13;
    options.symbols = {"BTCUSDT", "ETHUSDT"};
    options.duration = 20 * 60 * kMicrosPerSecond;
    options.faults.late = 0.02;
    options.faults.out_of_order = 0.05;
    sim::MarketSimulator simulator(options);
    std::vector<MarketEvent> out;
    while (auto message = simulator.next()) {
      if (message->event) out.push_back(std::move(*message->event));
    }
    return out;
  }();
  return events;
}

void expect_identical(const std::vector<FeatureVector>& actual, const std::vector<FeatureVector>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    ASSERT_EQ(actual[i].symbol, expected[i].symbol) << i;
    ASSERT_EQ(actual[i].as_of, expected[i].as_of) << i;
    ASSERT_EQ(actual[i].interval_mask, expected[i].interval_mask) << i;
    ASSERT_EQ(actual[i].present, expected[i].present) << i;
    ASSERT_EQ(0, std::memcmp(actual[i].values.data(), expected[i].values.data(), sizeof actual[i].values))
        << i;
  }
}

TEST(StreamingCanonicalReplay, GivesTheVectorsOfTheWholeInputSortedOnALongCapture) {
  const std::vector<MarketEvent>& events = simulated_events();
  ASSERT_GT(events.size(), 4 * StreamingCanonicalReplay::kDefaultWindow);
  test::RecordingVectorSink sorted;
  replay_canonical(events, EngineConfig{}, sorted);

  test::RecordingVectorSink streamed;
  StreamingCanonicalReplay replay(EngineConfig{}, streamed);
  for (MarketEvent e : events) ASSERT_TRUE(replay.feed(e));
  EXPECT_EQ(replay.finish(), sorted.vectors().size());
  ASSERT_GT(sorted.vectors().size(), 2 * 1190U);  // a vector per second and symbol
  expect_identical(streamed.vectors(), sorted.vectors());
}

TEST(StreamingCanonicalReplay, SaysWhenAnEventIsLateBeyondTheWindow) {
  const std::vector<MarketEvent>& events = simulated_events();
  test::RecordingVectorSink sink;
  StreamingCanonicalReplay replay(EngineConfig{}, sink, 8);  // far less than 1-2 s of this market
  std::size_t accepted = 0;
  for (MarketEvent e : events) {
    if (!replay.feed(e)) break;
    ++accepted;
  }
  EXPECT_LT(accepted, events.size());
}

}  // namespace
}  // namespace fsvc
