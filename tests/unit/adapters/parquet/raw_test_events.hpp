#pragma once

#include <string>

#include "core/event/market_event.hpp"

namespace fsvc::test {

// Small hand-made events for raw-store tests. Times are µs; 2025-01-27T00:00:00Z is 1737936000e6.
inline constexpr Timestamp kDay0 = 1'737'936'000'000'000;

inline EventHeader header(const char* symbol, std::string id, Timestamp ts, std::uint64_t seq) {
  EventHeader h;
  (void)h.symbol.assign(symbol);
  (void)h.event_id.assign(id);
  h.ts_event = ts;
  h.ts_gateway = ts + 1'000;
  h.ts_init = ts + 2'000;
  h.ingest_seq = seq;
  return h;
}

inline MarketEvent book(const char* symbol, Timestamp ts, std::uint64_t seq, std::int64_t u, bool snapshot) {
  BookUpdate b;
  b.header = header(symbol, "book-" + std::to_string(u) + (snapshot ? "s" : "d"), ts, seq);
  b.is_snapshot = snapshot;
  b.update_id = u;
  b.cross_seq = 1000 + u;
  b.depth = 50;
  b.bids = {{10'000'000'000'000, 150'000'000}, {9'999'990'000'000, 0}};
  b.asks = {{10'000'010'000'000, 25'000'000}};
  return b;
}

inline MarketEvent trade(const char* symbol, Timestamp ts, std::uint64_t seq, std::string id) {
  TradeEvent t;
  t.header = header(symbol, "trade-msg-" + id, ts, seq);
  t.price = 10'000'050'000'000;
  t.size = 1'234'567;
  t.taker_side = Side::sell;
  (void)t.trade_id.assign(id);
  t.block_trade = true;
  return t;
}

inline MarketEvent ticker(const char* symbol, Timestamp ts, std::uint64_t seq) {
  TickerUpdate t;
  t.header = header(symbol, "ticker-" + std::to_string(seq), ts, seq);
  t.mark_price = 100000.25;
  t.next_funding_time = ts + 3'600'000'000;
  return t;
}

inline MarketEvent kline(const char* symbol, Timestamp ts, std::uint64_t seq) {
  KlineEvent k;
  k.header = header(symbol, "kline-" + std::to_string(seq), ts, seq);
  k.start = ts - 60'000'000;
  k.end = ts;
  (void)k.interval.assign("1");
  k.open = 1, k.high = 2, k.low = 0.5, k.close = 1.5, k.volume = 10, k.turnover = 15;
  k.confirm = true;
  return k;
}

inline MarketEvent funding(const char* symbol, Timestamp ts, std::uint64_t seq) {
  FundingEvent f;
  f.header = header(symbol, "funding-" + std::to_string(seq), ts, seq);
  f.funding_rate = 0.0001;
  f.funding_rate_time = ts;
  return f;
}

inline Tick tick(const char* symbol, Timestamp boundary, std::uint64_t seq) {
  Tick t;
  (void)t.symbol.assign(symbol);
  t.boundary = boundary;
  t.ingest_seq = seq;
  return t;
}

}  // namespace fsvc::test
