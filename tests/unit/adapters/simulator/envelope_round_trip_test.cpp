#include <gtest/gtest.h>

#include "adapters/gateway/envelope_decoder.hpp"
#include "simulator_test_support.hpp"

namespace fsvc::sim {
namespace {

MarketEvent decode_or_fail(const std::string& text) {
  gateway::EnvelopeDecoder decoder;
  MarketEvent decoded;
  gateway::DecodeError error;
  EXPECT_TRUE(decoder.decode(text, decoded, error)) << gateway::describe(error) << "\n" << text;
  return decoded;
}

EventHeader header(const char* symbol) {
  EventHeader h;
  (void)h.symbol.assign(symbol);
  (void)h.event_id.assign("0c68406a-8899-537f-ae78-df33dc3ac3ea");
  h.ts_event = 1'786'310'818'440'000;
  h.ts_gateway = 1'786'310'819'963'064;
  return h;
}

TEST(EnvelopeRoundTrip, FundingEventWithEveryField) {
  FundingEvent funding;
  funding.header = header("BTCUSDT");
  funding.funding_rate = -0.000125;
  funding.funding_rate_time = 1'786'291'200'000'000;
  funding.next_funding_time = 1'786'320'000'000'000;
  test::expect_same(decode_or_fail(json::encode_envelope(funding, "t")), MarketEvent(funding));
}

TEST(EnvelopeRoundTrip, FundingEventWithOnlyARate) {
  FundingEvent funding;
  funding.header = header("ETHUSDT");
  funding.funding_rate = 0.0001;
  test::expect_same(decode_or_fail(json::encode_envelope(funding, "t")), MarketEvent(funding));
}

TEST(EnvelopeRoundTrip, EmptyBookDeltaAndBlockTrade) {
  BookUpdate book;
  book.header = header("DOGEUSDT");
  book.update_id = 2;
  book.cross_seq = 3;
  book.depth = 1;
  test::expect_same(decode_or_fail(json::encode_envelope(book, "t")), MarketEvent(book));

  TradeEvent trade;
  trade.header = header("DOGEUSDT");
  trade.price = 1'234;
  trade.size = 99'900'000'000;
  trade.block_trade = true;
  (void)trade.trade_id.assign("1");
  test::expect_same(decode_or_fail(json::encode_envelope(trade, "t")), MarketEvent(trade));
}

// Every event the simulator produces, of every type and symbol profile, survives encode → decode.
TEST(EnvelopeRoundTrip, EverySimulatedEventDecodesBackToItself) {
  auto options = test::four_symbols(8, 2 * kMicrosPerMinute);
  options.faults.mid_stream_snapshot = 0.01;
  gateway::EnvelopeDecoder decoder;
  std::array<int, kEventTypeCount> per_type{};
  for (const auto& message : test::run_all(options)) {
    ASSERT_TRUE(message.event);
    const std::string text = json::encode_envelope(*message.event, message.trace_id);
    MarketEvent decoded;
    gateway::DecodeError error;
    ASSERT_TRUE(decoder.decode(text, decoded, error)) << gateway::describe(error) << "\n" << text;
    test::expect_same(decoded, *message.event);
    ++per_type[static_cast<std::size_t>(type_of(*message.event))];
    if (HasFailure()) FAIL() << text;
  }
  for (int type = 0; type < kEventTypeCount; ++type) {
    if (static_cast<EventType>(type) == EventType::funding) continue;  // Bybit has no public funding topic
    EXPECT_GT(per_type[static_cast<std::size_t>(type)], 0) << to_string(static_cast<EventType>(type));
  }
}

}  // namespace
}  // namespace fsvc::sim
