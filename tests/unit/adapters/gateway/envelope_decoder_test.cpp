// Every consumed event type decodes to exact, hand-computed values (contracts.md §1).
#include "adapters/gateway/envelope_decoder.hpp"

#include <gtest/gtest.h>

#include "gateway_test_envelopes.hpp"

namespace fsvc::gateway {
namespace {

using test::envelope;
using test::kJan27At10;

template <typename T>
T decode_as(const std::string& json) {
  EnvelopeDecoder decoder;
  MarketEvent event;
  DecodeError error;
  EXPECT_TRUE(decoder.decode(json, event, error)) << describe(error);
  EXPECT_TRUE(std::holds_alternative<T>(event));
  return std::holds_alternative<T>(event) ? std::get<T>(event) : T{};
}

TEST(EnvelopeDecoder, TradeHasExactFixedPointValuesAndTradeTime) {
  const auto trade = decode_as<TradeEvent>(test::trade_envelope());
  EXPECT_EQ(trade.header.symbol.view(), "BTCUSDT");
  EXPECT_EQ(trade.header.event_id.view(), "e-1");
  EXPECT_EQ(trade.header.ts_event, 1'737'972'000'977'000);  // T in ms, not the envelope timestamp
  EXPECT_EQ(trade.header.ts_gateway, kJan27At10 + 1'500'000);
  EXPECT_EQ(trade.header.ts_init, 0);
  EXPECT_EQ(trade.price, 6'511'430'000'000);  // "65114.30"
  EXPECT_EQ(trade.size, 400'000);             // "0.004"
  EXPECT_EQ(trade.taker_side, Side::sell);
  EXPECT_EQ(trade.trade_id.view(), "a9188a0a-82bc");
  EXPECT_FALSE(trade.block_trade);
}

TEST(EnvelopeDecoder, TradesIsAnAliasOfTradeAndBuyIsTheTakerSide) {
  const auto json =
      envelope("trades", "publicTrade.BTCUSDT",
               R"({"T": 1, "s": "BTCUSDT", "S": "Buy", "v": "2", "p": "0.5", "i": "7", "BT": true})");
  const auto trade = decode_as<TradeEvent>(json);
  EXPECT_EQ(trade.taker_side, Side::buy);
  EXPECT_EQ(trade.size, 200'000'000);
  EXPECT_EQ(trade.price, 50'000'000);
  EXPECT_EQ(trade.header.ts_event, 1'000);
  EXPECT_TRUE(trade.block_trade);
}

TEST(EnvelopeDecoder, BookSnapshotWithDepthFromTopic) {
  const auto json = envelope("orderbook", "orderbook.200.BTCUSDT",
                             R"({"s": "BTCUSDT", "b": [["65114.20", "6.054"], ["65114.10", "0.002"]],
                                 "a": [["65114.30", "10.47"]], "u": 15076952, "seq": 753843913870,
                                 "topic": "orderbook.200.BTCUSDT", "type": "snapshot"})");
  const auto book = decode_as<BookUpdate>(json);
  EXPECT_TRUE(book.is_snapshot);
  EXPECT_EQ(book.depth, 200);
  EXPECT_EQ(book.update_id, 15'076'952);
  EXPECT_EQ(book.cross_seq, 753'843'913'870);
  EXPECT_EQ(book.header.ts_event, kJan27At10 + 978'000);
  const std::vector<BookLevel> bids{{6'511'420'000'000, 605'400'000}, {6'511'410'000'000, 200'000}};
  const std::vector<BookLevel> asks{{6'511'430'000'000, 1'047'000'000}};
  EXPECT_EQ(book.bids, bids);
  EXPECT_EQ(book.asks, asks);
}

TEST(EnvelopeDecoder, BookDeltaKeepsZeroSizesAndEmptySides) {
  const auto json = envelope("orderbook", "orderbook.1.ETHUSDT",
                             R"({"s": "ETHUSDT", "b": [["1922.5", "0"]], "a": [], "u": 8, "type": "delta"})");
  const auto book = decode_as<BookUpdate>(json);
  EXPECT_FALSE(book.is_snapshot);
  EXPECT_EQ(book.depth, 1);
  EXPECT_EQ(book.cross_seq, 0);  // seq absent
  ASSERT_EQ(book.bids.size(), 1u);
  EXPECT_EQ(book.bids[0], (BookLevel{192'250'000'000, 0}));
  EXPECT_TRUE(book.asks.empty());
}

TEST(EnvelopeDecoder, ReusedBookEventDoesNotKeepOldLevels) {
  EnvelopeDecoder decoder;
  MarketEvent event;
  DecodeError error;
  const auto first =
      envelope("orderbook", "orderbook.50.X",
               R"({"s": "X", "b": [["1", "1"], ["2", "2"]], "a": [["3", "3"]], "u": 1, "type": "snapshot"})");
  const auto second = envelope("orderbook", "orderbook.50.X",
                               R"({"s": "X", "b": [["4", "4"]], "a": [], "u": 2, "type": "delta"})");
  ASSERT_TRUE(decoder.decode(first, event, error)) << describe(error);
  ASSERT_TRUE(decoder.decode(second, event, error)) << describe(error);
  const auto& book = std::get<BookUpdate>(event);
  EXPECT_EQ(book.bids, (std::vector<BookLevel>{{400'000'000, 400'000'000}}));
  EXPECT_TRUE(book.asks.empty());
  EXPECT_FALSE(book.is_snapshot);
  EXPECT_EQ(book.update_id, 2);
}

TEST(EnvelopeDecoder, TickerSnapshotParsesEveryUsedField) {
  const auto json = envelope("ticker", "tickers.BTCUSDT",
                             R"({"symbol": "BTCUSDT", "lastPrice": "65114.30", "markPrice": "65117.44",
                                 "indexPrice": "65137.76", "bid1Price": "65114.20", "bid1Size": "5.954",
                                 "ask1Price": "65114.30", "ask1Size": "10.470", "fundingRate": "-0.0001",
                                 "nextFundingTime": "1786320000000", "openInterest": "59891.732",
                                 "volume24h": "17573.9120", "turnover24h": "1142118412.9021",
                                 "preOpenPrice": "", "preQty": "", "topic": "tickers.BTCUSDT"})");
  const auto ticker = decode_as<TickerUpdate>(json);
  EXPECT_EQ(ticker.header.symbol.view(), "BTCUSDT");
  EXPECT_EQ(ticker.last_price, 65114.30);
  EXPECT_EQ(ticker.mark_price, 65117.44);
  EXPECT_EQ(ticker.index_price, 65137.76);
  EXPECT_EQ(ticker.bid1_price, 65114.20);
  EXPECT_EQ(ticker.bid1_size, 5.954);
  EXPECT_EQ(ticker.ask1_price, 65114.30);
  EXPECT_EQ(ticker.ask1_size, 10.470);
  EXPECT_EQ(ticker.funding_rate, -0.0001);
  EXPECT_EQ(ticker.next_funding_time, 1'786'320'000'000'000);
  EXPECT_EQ(ticker.open_interest, 59891.732);
  EXPECT_EQ(ticker.volume_24h, 17573.9120);
  EXPECT_EQ(ticker.turnover_24h, 1142118412.9021);
}

TEST(EnvelopeDecoder, TickerDeltaLeavesAbsentFieldsEmpty) {
  const auto json = envelope("ticker", "tickers.BTCUSDT",
                             R"({"symbol": "BTCUSDT", "bid1Price": "65114.20", "bid1Size": "6.054"})");
  const auto ticker = decode_as<TickerUpdate>(json);
  EXPECT_EQ(ticker.bid1_price, 65114.20);
  EXPECT_EQ(ticker.bid1_size, 6.054);
  EXPECT_FALSE(ticker.last_price);
  EXPECT_FALSE(ticker.mark_price);
  EXPECT_FALSE(ticker.ask1_price);
  EXPECT_FALSE(ticker.funding_rate);
  EXPECT_FALSE(ticker.next_funding_time);
  EXPECT_FALSE(ticker.turnover_24h);
}

TEST(EnvelopeDecoder, KlineTakesItsSymbolFromTheTopic) {
  const auto json = envelope("kline", "kline.1.BTCUSDT",
                             R"({"start": 1786310760000, "end": 1786310819999, "interval": "1",
                                 "open": "65119.9", "close": "65114.3", "high": "65119.9", "low": "65114.2",
                                 "volume": "1.576", "turnover": "102627.995", "confirm": true,
                                 "timestamp": 1786310818440, "topic": "kline.1.BTCUSDT"})");
  const auto kline = decode_as<KlineEvent>(json);
  EXPECT_EQ(kline.header.symbol.view(), "BTCUSDT");
  EXPECT_EQ(kline.start, 1'786'310'760'000'000);
  EXPECT_EQ(kline.end, 1'786'310'819'999'000);
  EXPECT_EQ(kline.interval.view(), "1");
  EXPECT_EQ(kline.open, 65119.9);
  EXPECT_EQ(kline.high, 65119.9);
  EXPECT_EQ(kline.low, 65114.2);
  EXPECT_EQ(kline.close, 65114.3);
  EXPECT_EQ(kline.volume, 1.576);
  EXPECT_EQ(kline.turnover, 102627.995);
  EXPECT_TRUE(kline.confirm);
  EXPECT_EQ(kline.header.ts_event, kJan27At10 + 978'000);
}

TEST(EnvelopeDecoder, FundingEvent) {
  const auto json = envelope("funding", "funding.BTCUSDT",
                             R"({"symbol": "BTCUSDT", "fundingRate": "0.000125",
                                 "fundingRateTimestamp": "1737964800000", "nextFundingTime": 1737993600000})");
  const auto funding = decode_as<FundingEvent>(json);
  EXPECT_EQ(funding.header.symbol.view(), "BTCUSDT");
  EXPECT_EQ(funding.funding_rate, 0.000125);
  EXPECT_EQ(funding.funding_rate_time, 1'737'964'800'000'000);
  EXPECT_EQ(funding.next_funding_time, 1'737'993'600'000'000);
}

TEST(EnvelopeDecoder, TimestampWithAndWithoutFraction) {
  const auto with = decode_as<TickerUpdate>(
      envelope("ticker", "tickers.X", R"({"symbol": "X"})", "2025-01-27T10:00:00.978000"));
  const auto without =
      decode_as<TickerUpdate>(envelope("ticker", "tickers.X", R"({"symbol": "X"})", "2025-01-27T10:00:00"));
  EXPECT_EQ(with.header.ts_event, kJan27At10 + 978'000);
  EXPECT_EQ(without.header.ts_event, kJan27At10);
}

TEST(EnvelopeDecoder, SymbolComesFromSThenSymbolThenTopic) {
  const auto both = decode_as<TickerUpdate>(envelope("ticker", "tickers.T", R"({"symbol": "B", "s": "A"})"));
  EXPECT_EQ(both.header.symbol.view(), "A");
  const auto symbol_only = decode_as<TickerUpdate>(envelope("ticker", "tickers.T", R"({"symbol": "B"})"));
  EXPECT_EQ(symbol_only.header.symbol.view(), "B");
  const auto topic_only = decode_as<TickerUpdate>(envelope("ticker", "tickers.T", R"({"lastPrice": "1"})"));
  EXPECT_EQ(topic_only.header.symbol.view(), "T");
}

TEST(EnvelopeDecoder, PayloadBeforeEventTypeStillDecodes) {
  const std::string json =
      R"({"payload": {"T": 5, "s": "X", "S": "Buy", "v": "1", "p": "2", "i": "9"}, "event_id": "e-2",
          "timestamp": "2025-01-27T10:00:00", "event_type": "trade", "topic": "publicTrade.X"})";
  const auto trade = decode_as<TradeEvent>(json);
  EXPECT_EQ(trade.header.event_id.view(), "e-2");
  EXPECT_EQ(trade.header.symbol.view(), "X");
  EXPECT_EQ(trade.price, 200'000'000);
  EXPECT_EQ(trade.header.ts_gateway, 0);  // received_at absent
}

// Levels the fast scanner does not take (escapes, odd spacing) still decode, the generic way.
TEST(EnvelopeDecoder, UnusualLevelTextDecodesTheSame) {
  const auto json = envelope("orderbook", "orderbook.50.X",
                             "{\"s\": \"X\", \"b\": [ [ \"1.5\"\n,\t\"\\u0032\" ] ,[\"3\",\"0\"]],"
                             " \"a\": [  ], \"u\": 3, \"type\": \"delta\"}");
  const auto book = decode_as<BookUpdate>(json);
  EXPECT_EQ(book.bids, (std::vector<BookLevel>{{150'000'000, 200'000'000}, {300'000'000, 0}}));
  EXPECT_TRUE(book.asks.empty());
}

// Escaped strings are rare on the wire but valid JSON; they must decode to their unescaped text.
TEST(EnvelopeDecoder, EscapedStringsAreUnescaped) {
  const std::string json =
      R"({"event_id": "e\u002d9", "event_type": "trade", "timestamp": "2025-01-27T10:00:00",
          "payload": {"T": 1, "s": "BTC\u0055SDT", "S": "B\u0075y", "v": "\u0031", "p": "6\u0035.5",
                      "i": "q\"x"}})";
  const auto trade = decode_as<TradeEvent>(json);
  EXPECT_EQ(trade.header.event_id.view(), "e-9");
  EXPECT_EQ(trade.header.symbol.view(), "BTCUSDT");
  EXPECT_EQ(trade.taker_side, Side::buy);
  EXPECT_EQ(trade.size, 100'000'000);
  EXPECT_EQ(trade.price, 6'550'000'000);
  EXPECT_EQ(trade.trade_id.view(), "q\"x");
}

}  // namespace
}  // namespace fsvc::gateway
