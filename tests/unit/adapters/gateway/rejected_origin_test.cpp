// A message the decoder rejected is counted per symbol and stream when its text still names them,
// read textually so that a cut-off line does too; else it goes to the symbol-less bucket.
#include "adapters/gateway/rejected_origin.hpp"

#include <gtest/gtest.h>

namespace fsvc::gateway {
namespace {

TEST(RejectedOrigin, NamesSymbolAndStreamFromPayloadSymbolOrTopicEvenWhenCutOff) {
  const RejectedOrigin trade =
      rejected_origin(R"({"event_id": "e1", "event_type": "trade", "payload": {"s": "BTCUSDT", "p": "abc"})");
  EXPECT_EQ(trade.symbol.view(), "BTCUSDT");
  EXPECT_EQ(trade.stream, EventType::trade);
  const RejectedOrigin kline =
      rejected_origin(R"({"event_type":"kline","topic":"kline.1.ETHUSDT","payload":{"start": 17)");
  EXPECT_EQ(kline.symbol.view(), "ETHUSDT");
  EXPECT_EQ(kline.stream, EventType::kline);
  const RejectedOrigin ticker =
      rejected_origin(R"({"event_type" : "ticker", "payload": {"symbol": "SOLUSDT")");
  EXPECT_EQ(ticker.symbol.view(), "SOLUSDT");
  EXPECT_EQ(ticker.stream, EventType::ticker);
}

TEST(RejectedOrigin, UnreadableOrForeignTextGoesToTheSymbolLessBucket) {
  EXPECT_TRUE(rejected_origin("not json at all").symbol.empty());
  EXPECT_FALSE(rejected_origin("not json at all").stream.has_value());
  const RejectedOrigin order = rejected_origin(R"({"event_type": "order", "payload": {"s": "btc usdt"}})");
  EXPECT_FALSE(order.stream.has_value());
  EXPECT_TRUE(order.symbol.empty());  // not a plausible symbol
  // The key's name appearing as a value is not the key.
  const RejectedOrigin value = rejected_origin(R"({"x": "s", "event_type": "trade"})");
  EXPECT_TRUE(value.symbol.empty());
  EXPECT_EQ(value.stream, EventType::trade);
}

TEST(RejectedOrigin, TheKeptTextIsCutAndCarriesReasonAndQueue) {
  const std::string huge =
      R"({"event_type": "trade", "payload": {"s": "BTCUSDT", "p": ")" + std::string(100'000, '9');
  const RejectedInput r = rejected_message(huge, "bad_number", "ws-gateway.trades");
  EXPECT_EQ(r.symbol, "BTCUSDT");
  EXPECT_EQ(r.stream, EventType::trade);
  EXPECT_EQ(r.reason, "bad_number");
  EXPECT_EQ(r.queue, "ws-gateway.trades");
  EXPECT_EQ(r.text, huge.substr(0, kMaxRejectedTextBytes));
}

}  // namespace
}  // namespace fsvc::gateway
