#include "adapters/json/envelope_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/types/decimal.hpp"

namespace fsvc::json {
namespace {

constexpr Timestamp kT = 1'737'972'000'978'000;  // 2025-01-27T10:00:00.978Z

EventHeader header(const char* symbol) {
  EventHeader h;
  (void)h.symbol.assign(symbol);
  (void)h.event_id.assign("81757074-ff88-51b6-8fe7-547c81b5aaf8");
  h.ts_event = kT;
  h.ts_gateway = kT + 1'234;
  return h;
}

TEST(GatewayTimestamp, HasNoOffsetAndOmitsAZeroFraction) {
  EXPECT_EQ(format_gateway_timestamp(kT), "2025-01-27T10:00:00.978000");
  EXPECT_EQ(format_gateway_timestamp(kT - 978'000), "2025-01-27T10:00:00");
  EXPECT_EQ(format_gateway_timestamp(kT + 1), "2025-01-27T10:00:00.978001");
}

TEST(FixedFormat, IsAPlainDecimalWithoutTrailingZeros) {
  EXPECT_EQ(format_fixed(6'511'430'000'000), "65114.3");
  EXPECT_EQ(format_fixed(400'000), "0.004");
  EXPECT_EQ(format_fixed(1'200'000'000), "12");
  EXPECT_EQ(format_fixed(0), "0");
  EXPECT_EQ(format_fixed(1), "0.00000001");
  EXPECT_EQ(format_fixed(-5'000), "-0.00005");
  EXPECT_EQ(format_fixed(std::numeric_limits<std::int64_t>::min()), "-92233720368.54775808");
  for (const std::int64_t units :
       {std::int64_t{1}, std::int64_t{123'456'789}, std::int64_t{6'511'430'000'000}}) {
    std::int64_t back = 0;
    ASSERT_EQ(parse_fixed(format_fixed(units), back), DecimalError::ok);
    EXPECT_EQ(back, units);
  }
}

TEST(EnvelopeJson, LooksLikeWsGateway) {
  TradeEvent trade;
  trade.header = header("BTCUSDT");
  trade.price = 6'511'420'000'000;
  trade.size = 400'000;
  trade.taker_side = Side::sell;
  (void)trade.trade_id.assign("a9188a0a-82bc-50de-be60-03eedbe3cdd7");
  const std::string text = encode_envelope(trade, "trace-9");
  EXPECT_EQ(text,
            "{\"event_id\": \"81757074-ff88-51b6-8fe7-547c81b5aaf8\", \"event_type\": \"trade\", \"topic\": "
            "\"publicTrade.BTCUSDT\", \"timestamp\": \"2025-01-27T10:00:00.978000\", \"received_at\": "
            "\"2025-01-27T10:00:00.979234\", \"payload\": {\"T\": 1737972000978, \"s\": \"BTCUSDT\", \"S\": "
            "\"Sell\", \"v\": \"0.004\", \"p\": \"65114.2\", \"L\": \"MinusTick\", \"i\": "
            "\"a9188a0a-82bc-50de-be60-03eedbe3cdd7\", \"BT\": false, \"topic\": \"publicTrade.BTCUSDT\"}, "
            "\"trace_id\": \"trace-9\"}");
}

TEST(EnvelopeJson, BookPayloadCarriesLevelsAsStringPairsAndTheDepthInTheTopic) {
  BookUpdate book;
  book.header = header("ETHUSDT");
  book.is_snapshot = true;
  book.update_id = 15'076'953;
  book.cross_seq = 753'843'913'870;
  book.depth = 200;
  book.bids = {{300'012'000'000, 150'000'000}};
  book.asks = {{300'013'000'000, 0}};
  const auto body = nlohmann::ordered_json::parse(encode_envelope(book, "t"));
  EXPECT_EQ(body["topic"], "orderbook.200.ETHUSDT");
  EXPECT_EQ(body["payload"]["b"], nlohmann::json::parse(R"([["3000.12", "1.5"]])"));
  EXPECT_EQ(body["payload"]["a"], nlohmann::json::parse(R"([["3000.13", "0"]])"));
  EXPECT_EQ(body["payload"]["u"], 15'076'953);
  EXPECT_EQ(body["payload"]["type"], "snapshot");
}

TEST(EnvelopeJson, TickerDeltaCarriesOnlyWhatIsSetWithStringNumbers) {
  TickerUpdate ticker;
  ticker.header = header("SOLUSDT");
  ticker.bid1_price = 150.19;
  ticker.funding_rate = -0.00005;
  ticker.next_funding_time = 1'786'320'000'000'000;
  const auto body = nlohmann::ordered_json::parse(encode_envelope(ticker, "t"));
  EXPECT_EQ(body["payload"], nlohmann::ordered_json::parse(R"({"symbol": "SOLUSDT", "nextFundingTime":
      "1786320000000", "fundingRate": "-0.00005", "bid1Price": "150.19", "topic": "tickers.SOLUSDT"})"));
}

TEST(EnvelopeJson, KlineUsesMillisecondNumbersAndConfirm) {
  KlineEvent kline;
  kline.header = header("BTCUSDT");
  kline.start = 1'786'310'760'000'000;
  kline.end = 1'786'310'819'999'000;
  (void)kline.interval.assign("1");
  kline.open = 65'119.9;
  kline.high = 65'119.9;
  kline.low = 65'114.2;
  kline.close = 65'114.2;
  kline.volume = 3.712;
  kline.turnover = 241'712.1394;
  kline.confirm = true;
  const auto body = nlohmann::ordered_json::parse(encode_envelope(kline, "t"));
  EXPECT_EQ(body["topic"], "kline.1.BTCUSDT");
  EXPECT_EQ(body["payload"]["start"], 1'786'310'760'000);
  EXPECT_EQ(body["payload"]["end"], 1'786'310'819'999);
  EXPECT_EQ(body["payload"]["turnover"], "241712.1394");
  EXPECT_EQ(body["payload"]["confirm"], true);
  EXPECT_EQ(body["payload"]["timestamp"], 1'737'972'000'978);
}

TEST(EnvelopeJson, StringsAreEscaped) {
  FundingEvent funding;
  funding.header = header("BTCUSDT");
  const auto body = nlohmann::json::parse(encode_envelope(funding, "quote\" and\nnewline"));
  EXPECT_EQ(body["trace_id"], "quote\" and\nnewline");
}

}  // namespace
}  // namespace fsvc::json
