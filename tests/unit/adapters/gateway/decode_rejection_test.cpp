// Every rejection names its reason, the event, and the field as a dotted path; nothing throws.
#include <gtest/gtest.h>

#include <string>

#include "adapters/gateway/envelope_decoder.hpp"
#include "gateway_test_envelopes.hpp"

namespace fsvc::gateway {
namespace {

using test::envelope;
using test::trade_envelope;

DecodeError reject(const std::string& json) {
  EnvelopeDecoder decoder;
  MarketEvent event;
  DecodeError error;
  EXPECT_FALSE(decoder.decode(json, event, error)) << json;
  EXPECT_FALSE(error.detail.empty());
  return error;
}

void expect_rejected(const std::string& json, DecodeReason reason, std::string_view field) {
  const DecodeError error = reject(json);
  EXPECT_EQ(error.reason, reason) << describe(error);
  EXPECT_EQ(error.field, field) << describe(error);
}

TEST(DecodeRejection, InvalidJson) {
  expect_rejected("", DecodeReason::invalid_json, "");
  expect_rejected("{\"event_id\": \"e-1\", ", DecodeReason::invalid_json, "");
  expect_rejected("{\"event_id\": \"e-1\"} trailing", DecodeReason::invalid_json, "");
  expect_rejected("not json at all", DecodeReason::invalid_json, "");
  expect_rejected(trade_envelope() + " {}", DecodeReason::invalid_json, "");
  expect_rejected(trade_envelope() + " 1", DecodeReason::invalid_json, "");
}

TEST(DecodeRejection, TruncatedEnvelope) {
  std::string json = trade_envelope();
  json.resize(json.find("\"i\""));
  expect_rejected(json, DecodeReason::invalid_json, "");
}

TEST(DecodeRejection, MalformedNumberInsideThePayloadNamesTheField) {
  const DecodeError error = reject(envelope("trade", "publicTrade.X", R"({"T": 12x, "s": "X"})"));
  EXPECT_EQ(error.reason, DecodeReason::bad_timestamp) << describe(error);
  EXPECT_EQ(error.field, "payload.T");
  EXPECT_EQ(error.event_id, "e-1");
}

TEST(DecodeRejection, NotAnObject) {
  expect_rejected("[1, 2]", DecodeReason::invalid_json, "");
  expect_rejected("\"trade\"", DecodeReason::invalid_json, "");
  expect_rejected("42", DecodeReason::invalid_json, "");
  EXPECT_NE(reject("[1, 2]").detail.find("not a JSON object"), std::string::npos);
}

TEST(DecodeRejection, MissingEnvelopeField) {
  std::string json = trade_envelope();
  json.replace(json.find("\"timestamp\""), 11, "\"stamp\"");
  const DecodeError error = reject(json);
  EXPECT_EQ(error.reason, DecodeReason::missing_field);
  EXPECT_EQ(error.field, "timestamp");
  EXPECT_EQ(error.event_id, "e-1");
  expect_rejected(R"({"event_type": "trade", "timestamp": "2025-01-27T10:00:00", "payload": )" +
                      test::trade_payload() + "}",
                  DecodeReason::missing_field, "event_id");
}

TEST(DecodeRejection, MissingPayloadField) {
  expect_rejected(envelope("trade", "publicTrade.X", R"({"T": 1, "s": "X", "S": "Buy", "v": "1", "i": "1"})"),
                  DecodeReason::missing_field, "payload.p");
  expect_rejected(envelope("orderbook", "orderbook.1.X", R"({"s": "X", "b": [], "a": [], "type": "delta"})"),
                  DecodeReason::missing_field, "payload.u");
}

TEST(DecodeRejection, NoSymbolAnywhere) {
  expect_rejected(R"({"event_id": "e-1", "event_type": "ticker", "timestamp": "2025-01-27T10:00:00",
                      "payload": {"lastPrice": "1"}})",
                  DecodeReason::missing_field, "payload.s");
  expect_rejected(envelope("ticker", "", R"({"lastPrice": "1"})"), DecodeReason::bad_value, "topic");
  expect_rejected(envelope("ticker", "tickers.X", R"({"s": ""})"), DecodeReason::bad_value, "payload.s");
}

TEST(DecodeRejection, WrongType) {
  expect_rejected(trade_envelope("65114.30"), DecodeReason::wrong_type, "payload.p");  // a JSON number
  expect_rejected(
      envelope("orderbook", "orderbook.1.X", R"({"s": "X", "b": {}, "a": [], "u": 1, "type": "delta"})"),
      DecodeReason::wrong_type, "payload.b");
  expect_rejected(
      envelope("orderbook", "orderbook.1.X", R"({"s": "X", "b": [], "a": [], "u": "1", "type": "delta"})"),
      DecodeReason::wrong_type, "payload.u");
  expect_rejected(envelope("trade", "publicTrade.X", "[]"), DecodeReason::wrong_type, "payload");
  const DecodeError error = reject(trade_envelope("65114.30"));
  EXPECT_EQ(error.detail, "expected a string, got a number");
}

TEST(DecodeRejection, UnknownEventTypes) {
  for (const char* type : {"order", "balance", "position", "liquidation", "orderbooks", ""}) {
    const DecodeError error = reject(envelope(type, "x.X", "{}"));
    EXPECT_EQ(error.reason, DecodeReason::unknown_event_type) << type;
    EXPECT_EQ(error.field, "event_type") << type;
  }
  EXPECT_NE(reject(envelope("order", "order", "{}")).detail.find("not consumed"), std::string::npos);
}

TEST(DecodeRejection, NonNumericPrice) {
  expect_rejected(trade_envelope(R"("abc")"), DecodeReason::bad_number, "payload.p");
  expect_rejected(trade_envelope(R"("")"), DecodeReason::bad_number, "payload.p");
  expect_rejected(trade_envelope(R"("1e5")"), DecodeReason::bad_number, "payload.p");
  expect_rejected(envelope("ticker", "tickers.X", R"({"lastPrice": "nan"})"), DecodeReason::bad_number,
                  "payload.lastPrice");
  expect_rejected(envelope("ticker", "tickers.X", R"({"markPrice": "inf"})"), DecodeReason::bad_number,
                  "payload.markPrice");
  expect_rejected(envelope("ticker", "tickers.X", R"({"bid1Price": ""})"), DecodeReason::bad_number,
                  "payload.bid1Price");
  EXPECT_EQ(reject(trade_envelope(R"("abc")")).detail, "\"abc\" is not a decimal number");
}

TEST(DecodeRejection, NegativeSize) {
  expect_rejected(trade_envelope(R"("65114.30")", R"("-0.004")"), DecodeReason::negative_value, "payload.v");
  expect_rejected(envelope("ticker", "tickers.X", R"({"ask1Size": "-1.5"})"), DecodeReason::negative_value,
                  "payload.ask1Size");
}

// A price of 0 halves a VWAP and a size of 0 is no trade: both are refused and counted by reason.
TEST(DecodeRejection, ZeroTradePriceOrSize) {
  expect_rejected(trade_envelope(R"("0")"), DecodeReason::non_positive_price, "payload.p");
  expect_rejected(trade_envelope(R"("0.00000000")"), DecodeReason::non_positive_price, "payload.p");
  expect_rejected(trade_envelope(R"("65114.30")", R"("0")"), DecodeReason::non_positive_size, "payload.v");
  EXPECT_EQ(to_string(DecodeReason::non_positive_price), "non_positive_price");
  EXPECT_EQ(to_string(DecodeReason::non_positive_size), "non_positive_size");
}

// A delta's size 0 deletes a level (EnvelopeDecoder.BookDeltaKeepsZeroSizesAndEmptySides); a price of 0
// is refused on either side and in either type, and a snapshot level of size 0 (a level that exists
// with nothing in it) refuses the snapshot.
TEST(DecodeRejection, ZeroBookPriceOrSnapshotSize) {
  const auto book = [](std::string_view type, std::string_view asks) {
    return envelope("orderbook", "orderbook.50.X",
                    std::string(R"({"s": "X", "b": [["1", "1"]], "a": )") + std::string(asks) +
                        R"(, "u": 1, "type": ")" + std::string(type) + R"("})");
  };
  expect_rejected(book("delta", R"([["2", "1"], ["0", "1"]])"), DecodeReason::non_positive_price,
                  "payload.a[1][0]");
  expect_rejected(book("delta", R"([["0", "0"]])"), DecodeReason::non_positive_price, "payload.a[0][0]");
  expect_rejected(book("snapshot", R"([["0.0", "3"]])"), DecodeReason::non_positive_price, "payload.a[0][0]");
  expect_rejected(book("snapshot", R"([["2", "1"], ["3", "0"]])"), DecodeReason::non_positive_size,
                  "payload.a[1][1]");
}

TEST(DecodeRejection, BookLevelErrorsNameTheLevel) {
  const auto book = [](std::string_view bids) {
    return envelope(
        "orderbook", "orderbook.50.X",
        std::string(R"({"s": "X", "b": )") + std::string(bids) + R"(, "a": [], "u": 1, "type": "delta"})");
  };
  expect_rejected(book(R"([["1", "1"], ["2", "2"], ["3", "3"], ["4", "-1"]])"), DecodeReason::negative_value,
                  "payload.b[3][1]");
  expect_rejected(book(R"([["1", "1"], ["x", "1"]])"), DecodeReason::bad_number, "payload.b[1][0]");
  expect_rejected(book(R"([["1", "1", "1"]])"), DecodeReason::bad_value, "payload.b[0]");
  expect_rejected(book(R"([["1"]])"), DecodeReason::bad_value, "payload.b[0]");
  expect_rejected(book(R"([[1, "1"]])"), DecodeReason::wrong_type, "payload.b[0][0]");
  expect_rejected(book(R"(["1"])"), DecodeReason::wrong_type, "payload.b[0]");
}

TEST(DecodeRejection, TooManyDecimals) {
  const DecodeError error = reject(trade_envelope(R"("65114.123456789")"));
  EXPECT_EQ(error.reason, DecodeReason::bad_number);
  EXPECT_EQ(error.field, "payload.p");
  EXPECT_NE(error.detail.find("more than 8 decimals"), std::string::npos);
}

TEST(DecodeRejection, BadTimestamps) {
  expect_rejected(envelope("ticker", "tickers.X", R"({"symbol": "X"})", "2025-13-27T10:00:00"),
                  DecodeReason::bad_timestamp, "timestamp");
  expect_rejected(envelope("ticker", "tickers.X", R"({"symbol": "X"})", "yesterday"),
                  DecodeReason::bad_timestamp, "timestamp");
  expect_rejected(
      envelope("trade", "publicTrade.X", R"({"T": -5, "s": "X", "S": "Buy", "v": "1", "p": "1", "i": "1"})"),
      DecodeReason::bad_timestamp, "payload.T");
  expect_rejected(envelope("ticker", "tickers.X", R"({"nextFundingTime": "soon"})"),
                  DecodeReason::bad_timestamp, "payload.nextFundingTime");
  expect_rejected(envelope("kline", "kline.1.X", R"({"start": 1.5})"), DecodeReason::bad_timestamp,
                  "payload.start");
}

TEST(DecodeRejection, BadSideAndBookType) {
  expect_rejected(trade_envelope(R"("1")", R"("1")", R"("buy")"), DecodeReason::bad_value, "payload.S");
  expect_rejected(
      envelope("orderbook", "orderbook.1.X", R"({"s": "X", "b": [], "a": [], "u": 1, "type": "full"})"),
      DecodeReason::bad_value, "payload.type");
}

TEST(DecodeRejection, OverLongSymbolAndEventId) {
  const std::string long_symbol(32, 'X');
  expect_rejected(envelope("ticker", "tickers.X", R"({"symbol": ")" + long_symbol + "\"}"),
                  DecodeReason::bad_value, "payload.symbol");
  expect_rejected(envelope("kline", "kline.1." + long_symbol, "{}"), DecodeReason::missing_field,
                  "payload.start");
  expect_rejected(envelope("ticker", "tickers." + long_symbol, "{}"), DecodeReason::bad_value, "topic");
  std::string json = trade_envelope();
  json.replace(json.find("e-1"), 3, std::string(64, 'e'));
  expect_rejected(json, DecodeReason::bad_value, "event_id");
}

TEST(DecodeRejection, BookSideGivenTwice) {
  expect_rejected(
      envelope("orderbook", "orderbook.1.X",
               R"({"s": "X", "b": [["1", "1"]], "a": [], "b": [["2", "2"]], "u": 1, "type": "delta"})"),
      DecodeReason::bad_value, "payload.b");
}

TEST(DecodeRejection, BadBookTopic) {
  expect_rejected(
      envelope("orderbook", "orderbook.deep.X", R"({"s": "X", "b": [], "a": [], "u": 1, "type": "delta"})"),
      DecodeReason::bad_value, "topic");
}

TEST(DecodeRejection, DescribeNamesReasonEventFieldAndDetail) {
  const DecodeError error = reject(trade_envelope(R"("abc")"));
  EXPECT_EQ(describe(error), "bad_number: event e-1 field payload.p: \"abc\" is not a decimal number");
  EXPECT_EQ(describe(reject("")).rfind("invalid_json: malformed JSON (", 0), 0u) << describe(reject(""));
}

TEST(DecodeRejection, ADecoderRecoversAfterARejection) {
  EnvelopeDecoder decoder;
  MarketEvent event;
  DecodeError error;
  EXPECT_FALSE(decoder.decode("{", event, error));
  EXPECT_FALSE(decoder.decode(trade_envelope(R"("abc")"), event, error));
  ASSERT_TRUE(decoder.decode(trade_envelope(), event, error)) << describe(error);
  EXPECT_EQ(std::get<TradeEvent>(event).price, 6'511'430'000'000);
}

}  // namespace
}  // namespace fsvc::gateway
