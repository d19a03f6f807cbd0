#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapters/json/envelope_json.hpp"
#include "adapters/simulator/market_simulator.hpp"

namespace fsvc::sim::test {

// Four symbols cover every instrument profile (tick 0.1, 0.01 and 0.0001).
inline SimulatorOptions four_symbols(std::uint64_t seed, Duration duration) {
  SimulatorOptions options;
  options.seed = seed;
  options.symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"};
  options.duration = duration;
  return options;
}

inline std::vector<SimulatedMessage> run_all(const SimulatorOptions& options) {
  MarketSimulator simulator(options);
  std::vector<SimulatedMessage> messages;
  while (auto message = simulator.next()) messages.push_back(std::move(*message));
  return messages;
}

// The capture lines `simulate` would write.
inline std::vector<std::string> capture_lines(const SimulatorOptions& options) {
  std::vector<std::string> lines;
  for (const auto& message : run_all(options)) {
    lines.push_back(message.event ? json::encode_envelope(*message.event, message.trace_id)
                                  : message.malformed);
  }
  return lines;
}

// Field-by-field equality of what the service keeps from an envelope (ts_init and ingest_seq are
// stamped by this service, not carried on the wire).
inline void expect_same_header(const EventHeader& a, const EventHeader& b) {
  EXPECT_EQ(a.symbol.view(), b.symbol.view());
  EXPECT_EQ(a.event_id.view(), b.event_id.view());
  EXPECT_EQ(a.ts_event, b.ts_event);
  EXPECT_EQ(a.ts_gateway, b.ts_gateway);
}

inline void expect_same(const BookUpdate& a, const BookUpdate& b) {
  expect_same_header(a.header, b.header);
  EXPECT_EQ(a.is_snapshot, b.is_snapshot);
  EXPECT_EQ(a.update_id, b.update_id);
  EXPECT_EQ(a.cross_seq, b.cross_seq);
  EXPECT_EQ(a.depth, b.depth);
  EXPECT_EQ(a.bids, b.bids);
  EXPECT_EQ(a.asks, b.asks);
}

inline void expect_same(const TradeEvent& a, const TradeEvent& b) {
  expect_same_header(a.header, b.header);
  EXPECT_EQ(a.price, b.price);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.taker_side, b.taker_side);
  EXPECT_EQ(a.trade_id.view(), b.trade_id.view());
  EXPECT_EQ(a.block_trade, b.block_trade);
}

inline void expect_same(const TickerUpdate& a, const TickerUpdate& b) {
  expect_same_header(a.header, b.header);
  EXPECT_EQ(a.last_price, b.last_price);
  EXPECT_EQ(a.mark_price, b.mark_price);
  EXPECT_EQ(a.index_price, b.index_price);
  EXPECT_EQ(a.bid1_price, b.bid1_price);
  EXPECT_EQ(a.bid1_size, b.bid1_size);
  EXPECT_EQ(a.ask1_price, b.ask1_price);
  EXPECT_EQ(a.ask1_size, b.ask1_size);
  EXPECT_EQ(a.funding_rate, b.funding_rate);
  EXPECT_EQ(a.next_funding_time, b.next_funding_time);
  EXPECT_EQ(a.open_interest, b.open_interest);
  EXPECT_EQ(a.volume_24h, b.volume_24h);
  EXPECT_EQ(a.turnover_24h, b.turnover_24h);
}

inline void expect_same(const KlineEvent& a, const KlineEvent& b) {
  expect_same_header(a.header, b.header);
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.end, b.end);
  EXPECT_EQ(a.interval.view(), b.interval.view());
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.high, b.high);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.close, b.close);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.turnover, b.turnover);
  EXPECT_EQ(a.confirm, b.confirm);
}

inline void expect_same(const FundingEvent& a, const FundingEvent& b) {
  expect_same_header(a.header, b.header);
  EXPECT_EQ(a.funding_rate, b.funding_rate);
  EXPECT_EQ(a.funding_rate_time, b.funding_rate_time);
  EXPECT_EQ(a.next_funding_time, b.next_funding_time);
}

inline void expect_same(const MarketEvent& a, const MarketEvent& b) {
  ASSERT_EQ(a.index(), b.index()) << "event types differ";
  std::visit([&](const auto& typed) { expect_same(typed, std::get<std::decay_t<decltype(typed)>>(b)); }, a);
}

}  // namespace fsvc::sim::test
