#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "core/types/decimal.hpp"
#include "simulator_test_support.hpp"

namespace fsvc::sim {
namespace {

constexpr Duration kThreeMinutes = 3 * kMicrosPerMinute;

// A consumer's view of one symbol's book, built from the published messages only.
struct ConsumerBook {
  std::map<std::int64_t, std::int64_t, std::greater<>> bids;
  std::map<std::int64_t, std::int64_t> asks;
  std::int64_t last_u = 0;

  template <typename Levels>
  static void apply(Levels& side, const std::vector<BookLevel>& levels) {
    for (const auto& level : levels) {
      if (level.size == 0) {
        side.erase(level.price);
      } else {
        side[level.price] = level.size;
      }
    }
  }
  void apply(const BookUpdate& update) {
    if (update.is_snapshot) {
      bids.clear();
      asks.clear();
    }
    apply(bids, update.bids);
    apply(asks, update.asks);
    last_u = update.update_id;
  }
};

class SimulatedMarket : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { messages_ = new std::vector<SimulatedMessage>(test::run_all(options())); }
  static void TearDownTestSuite() {
    delete messages_;
    messages_ = nullptr;
  }
  static SimulatorOptions options() { return test::four_symbols(11, kThreeMinutes); }
  static const std::vector<SimulatedMessage>& messages() { return *messages_; }

 private:
  static std::vector<SimulatedMessage>* messages_;
};
std::vector<SimulatedMessage>* SimulatedMarket::messages_ = nullptr;

TEST_F(SimulatedMarket, EverySymbolStartsWithASnapshotThenContiguousDeltasNeverCrossed) {
  std::map<std::string, ConsumerBook> books;
  std::map<std::string, int> deltas;
  for (const auto& message : messages()) {
    const auto* update = std::get_if<BookUpdate>(&*message.event);
    if (update == nullptr) continue;
    const std::string symbol = update->header.symbol.str();
    auto [it, first] = books.try_emplace(symbol);
    ConsumerBook& book = it->second;
    if (first) {
      ASSERT_TRUE(update->is_snapshot) << symbol << ": the first book message is a snapshot";
    } else {
      ASSERT_FALSE(update->is_snapshot) << symbol << ": no snapshot without faults";
      ASSERT_EQ(update->update_id, book.last_u + 1) << symbol << ": u contiguous";
      ++deltas[symbol];
    }
    EXPECT_EQ(update->depth, 50);
    book.apply(*update);
    ASSERT_FALSE(book.bids.empty());
    ASSERT_FALSE(book.asks.empty());
    ASSERT_LT(book.bids.begin()->first, book.asks.begin()->first)
        << symbol << " crossed at u " << book.last_u;
    EXPECT_EQ(book.bids.size(), 50U);
    EXPECT_EQ(book.asks.size(), 50U);
  }
  ASSERT_EQ(books.size(), 4U);
  for (const auto& [symbol, count] : deltas) {
    EXPECT_GT(count, 2 * 180) << symbol << ": several deltas per second (fewer for quiet coins)";
  }
}

TEST_F(SimulatedMarket, PricesSitOnTheTickNearTheSymbolsLevel) {
  const std::map<std::string, std::pair<double, std::int64_t>> expected = {{"BTCUSDT", {65'000, 10'000'000}},
                                                                           {"ETHUSDT", {3'000, 1'000'000}},
                                                                           {"SOLUSDT", {150, 1'000'000}},
                                                                           {"DOGEUSDT", {1, 10'000}}};
  for (const auto& message : messages()) {
    const auto* trade = std::get_if<TradeEvent>(&*message.event);
    if (trade == nullptr) continue;
    const auto& [level, tick] = expected.at(trade->header.symbol.str());
    EXPECT_EQ(trade->price % tick, 0) << trade->header.symbol.view();
    EXPECT_NEAR(fixed_to_double(trade->price), level, level * 0.05);
    EXPECT_GT(trade->size, 0);
  }
}

TEST_F(SimulatedMarket, TakerTradesOfBothSidesHappenAtTheTouch) {
  std::map<std::string, ConsumerBook> books;
  int buys = 0;
  int sells = 0;
  int at_published_touch = 0;
  for (const auto& message : messages()) {
    if (const auto* update = std::get_if<BookUpdate>(&*message.event)) {
      books[update->header.symbol.str()].apply(*update);
      continue;
    }
    const auto* trade = std::get_if<TradeEvent>(&*message.event);
    if (trade == nullptr) continue;
    const ConsumerBook& book = books.at(trade->header.symbol.str());
    // A buyer lifts the best ask, a seller hits the best bid. The published book may lag by the
    // fills since the last delta (a level emptied by the previous fill), never the other way.
    const std::int64_t touch =
        trade->taker_side == Side::buy ? book.asks.begin()->first : book.bids.begin()->first;
    if (trade->taker_side == Side::buy) {
      ++buys;
      EXPECT_GE(trade->price, touch);
    } else {
      ++sells;
      EXPECT_LE(trade->price, touch);
    }
    if (trade->price == touch) ++at_published_touch;
  }
  EXPECT_GT(buys, 50);
  EXPECT_GT(sells, 50);
  EXPECT_GT(at_published_touch, (buys + sells) * 8 / 10);
}

TEST_F(SimulatedMarket, TickersStartFullThenCarryChangesIncludingFunding) {
  std::map<std::string, int> seen;
  int deltas_with_funding = 0;
  for (const auto& message : messages()) {
    const auto* ticker = std::get_if<TickerUpdate>(&*message.event);
    if (ticker == nullptr) continue;
    const bool full = ticker->last_price && ticker->mark_price && ticker->index_price && ticker->bid1_price &&
                      ticker->bid1_size && ticker->ask1_price && ticker->ask1_size && ticker->funding_rate &&
                      ticker->next_funding_time && ticker->open_interest && ticker->volume_24h &&
                      ticker->turnover_24h;
    if (seen[ticker->header.symbol.str()]++ == 0) {
      EXPECT_TRUE(full) << ticker->header.symbol.view() << ": the first ticker is complete";
      EXPECT_EQ(*ticker->next_funding_time % (8 * kMicrosPerHour), 0);
    } else {
      EXPECT_FALSE(full) << "later tickers are deltas";
      if (ticker->funding_rate && ticker->next_funding_time) ++deltas_with_funding;
    }
    if (ticker->bid1_price && ticker->ask1_price) {
      EXPECT_LT(*ticker->bid1_price, *ticker->ask1_price);
    }
  }
  EXPECT_EQ(seen.size(), 4U);
  EXPECT_GT(deltas_with_funding, 0);
}

TEST_F(SimulatedMarket, KlinesConfirmEachMinuteOnceOnItsClosingPush) {
  std::map<std::string, std::map<Timestamp, int>> confirmations;
  for (const auto& message : messages()) {
    const auto* kline = std::get_if<KlineEvent>(&*message.event);
    if (kline == nullptr) continue;
    EXPECT_EQ(kline->interval.view(), "1");
    EXPECT_EQ(kline->start % kMicrosPerMinute, 0);
    EXPECT_EQ(kline->end, kline->start + kMicrosPerMinute - kMicrosPerMilli);
    EXPECT_LE(kline->low, kline->open);
    EXPECT_LE(kline->low, kline->close);
    EXPECT_GE(kline->high, kline->open);
    EXPECT_GE(kline->high, kline->close);
    if (kline->confirm) {
      EXPECT_GT(kline->header.ts_event, kline->end) << "confirmed after the minute closed";
      ++confirmations[kline->header.symbol.str()][kline->start];
    } else {
      EXPECT_LE(kline->header.ts_event, kline->end + kMicrosPerMilli);
    }
  }
  ASSERT_EQ(confirmations.size(), 4U);
  for (const auto& [symbol, minutes] : confirmations) {
    EXPECT_EQ(minutes.size(), 2U) << symbol << ": minutes 0 and 1 close within 3 minutes";
    for (const auto& [start, count] : minutes) EXPECT_EQ(count, 1) << symbol << " " << start;
  }
}

TEST_F(SimulatedMarket, ArrivalFollowsExchangeTimeWithASmallGatewayDelay) {
  Timestamp previous_arrival = 0;
  Timestamp previous_received = 0;
  for (const auto& message : messages()) {
    const EventHeader& header = header_of(*message.event);
    EXPECT_EQ(header.ts_event % kMicrosPerMilli, 0) << "Bybit stamps whole milliseconds";
    EXPECT_GE(header.ts_gateway, header.ts_event);
    EXPECT_LT(header.ts_gateway - header.ts_event, 100 * kMicrosPerMilli);
    EXPECT_GE(message.arrival, header.ts_gateway);
    EXPECT_GE(message.arrival, previous_arrival);
    EXPECT_GE(header.ts_gateway, previous_received);
    previous_arrival = message.arrival;
    previous_received = header.ts_gateway;
  }
}

TEST(SimulatorLongRun, AnHourKeepsBooksSaneAndPricesNearTheirLevel) {
  SimulatorOptions options;
  options.seed = 99;
  options.symbols = {"DOGEUSDT"};
  options.duration = kMicrosPerHour;
  MarketSimulator simulator(options);
  ConsumerBook book;
  std::uint64_t count = 0;
  while (auto message = simulator.next()) {
    ++count;
    if (const auto* update = std::get_if<BookUpdate>(&*message->event)) {
      book.apply(*update);
      ASSERT_LT(book.bids.begin()->first, book.asks.begin()->first);
      ASSERT_LE(book.bids.size(), 50U);
    }
  }
  EXPECT_GT(count, 10'000U);
  EXPECT_NEAR(fixed_to_double(book.bids.begin()->first), 1.0, 0.2);
}

}  // namespace
}  // namespace fsvc::sim
