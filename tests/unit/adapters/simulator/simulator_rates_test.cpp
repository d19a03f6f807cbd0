#include <gtest/gtest.h>

#include <map>

#include "adapters/simulator/push_cadence.hpp"
#include "simulator_test_support.hpp"

namespace fsvc::sim {
namespace {

// How many events of each stream one simulated run holds, and the trades of each second.
struct StreamCounts {
  std::uint64_t book = 0;
  std::uint64_t ticker = 0;
  std::uint64_t trade = 0;
  std::map<Timestamp, int> trades_per_second;
  Duration shortest_book_gap = kMicrosPerHour;
  bool book_on_cadence_grid = true;
};

StreamCounts count_streams(const SimulatorOptions& options) {
  StreamCounts counts;
  const Duration cadence = book_push_cadence(options.book_depth);
  Timestamp first_book = 0;
  Timestamp last_book = 0;
  for (const auto& message : test::run_all(options)) {
    const MarketEvent& event = *message.event;
    const Timestamp t = header_of(event).ts_event;
    switch (type_of(event)) {
      case EventType::orderbook:
        ++counts.book;
        if (first_book == 0) {
          first_book = t;
        } else {
          counts.shortest_book_gap = std::min(counts.shortest_book_gap, t - last_book);
          counts.book_on_cadence_grid = counts.book_on_cadence_grid && (t - first_book) % cadence == 0;
        }
        last_book = t;
        break;
      case EventType::ticker:
        ++counts.ticker;
        break;
      case EventType::trade:
        ++counts.trade;
        ++counts.trades_per_second[floor_to(t, kMicrosPerSecond)];
        break;
      default:
        break;
    }
  }
  return counts;
}

SimulatorOptions btcusdt(Duration duration, int depth, double rate_scale) {
  SimulatorOptions options;
  options.seed = 5;
  options.duration = duration;
  options.book_depth = depth;
  options.rate_scale = rate_scale;
  return options;
}

// The default BTCUSDT over one simulated hour, simulated once for the tests that read it.
const StreamCounts& default_hour() {
  static const StreamCounts counts = count_streams(btcusdt(kMicrosPerHour, 50, 1.0));
  return counts;
}

TEST(SimulatorRates, DefaultBtcusdtHourIsAsBusyAsTheMarket) {
  const StreamCounts& counts = default_hour();
  const double seconds = 3'600;
  EXPECT_NEAR(counts.book / seconds, 45, 5) << "book deltas per second at orderbook.50";
  EXPECT_NEAR(counts.ticker / seconds, 9.5, 1.5) << "tickers per second";
  EXPECT_NEAR(counts.trade / seconds, 8, 3) << "trades per second";
  EXPECT_GE(counts.book + counts.ticker + counts.trade, 150'000U);
}

TEST(SimulatorRates, TradesComeInBurstsBetweenQuietStretches) {
  const StreamCounts& counts = default_hour();
  int busy_seconds = 0;
  for (const auto& [second, trades] : counts.trades_per_second) busy_seconds += trades >= 20 ? 1 : 0;
  const int quiet_seconds = 3'600 - static_cast<int>(counts.trades_per_second.size());
  EXPECT_GT(quiet_seconds, 3'600 / 3) << "seconds without any trade";
  EXPECT_GT(busy_seconds, 3'600 / 20) << "seconds with tens of trades";
}

TEST(SimulatorRates, BookCadenceFollowsTheDepth) {
  const std::map<int, Duration> cadence_ms = {{1, 10}, {50, 20}, {200, 100}, {1000, 200}};
  for (const auto& [depth, millis] : cadence_ms) {
    const StreamCounts counts = count_streams(btcusdt(5 * kMicrosPerMinute, depth, 1.0));
    EXPECT_EQ(book_push_cadence(depth), millis * kMicrosPerMilli) << depth;
    EXPECT_EQ(counts.shortest_book_gap, millis * kMicrosPerMilli) << "depth " << depth;
    EXPECT_TRUE(counts.book_on_cadence_grid) << "depth " << depth;
    const double slots = 300.0 * 1'000.0 / static_cast<double>(millis);
    EXPECT_NEAR(static_cast<double>(counts.book) / slots, 0.9, 0.05)
        << "share of slots pushed, depth " << depth;
  }
}

TEST(SimulatorRates, RateScaleScalesEveryStream) {
  const StreamCounts full = count_streams(btcusdt(20 * kMicrosPerMinute, 50, 1.0));
  const StreamCounts half = count_streams(btcusdt(20 * kMicrosPerMinute, 50, 0.5));
  EXPECT_NEAR(static_cast<double>(half.book) / static_cast<double>(full.book), 0.5, 0.05);
  EXPECT_NEAR(static_cast<double>(half.ticker) / static_cast<double>(full.ticker), 0.5, 0.08);
  EXPECT_NEAR(static_cast<double>(half.trade) / static_cast<double>(full.trade), 0.5, 0.15);
}

TEST(SimulatorRates, SameSeedAndScaleGiveTheSameBytes) {
  const SimulatorOptions options = btcusdt(2 * kMicrosPerMinute, 50, 0.3);
  EXPECT_EQ(test::capture_lines(options), test::capture_lines(options));
  SimulatorOptions other = options;
  other.rate_scale = 0.6;
  EXPECT_NE(test::capture_lines(options), test::capture_lines(other));
}

}  // namespace
}  // namespace fsvc::sim
