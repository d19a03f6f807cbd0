#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "core/event/market_event.hpp"
#include "core/feature/feature_vector.hpp"
#include "core/types/decimal.hpp"

namespace fsvc::test {

// Whole prices/sizes in hundredths, e.g. px(10050) = 100.50, to keep expectations readable.
constexpr std::int64_t px(std::int64_t hundredths) {
  return hundredths * (kFixedScale / 100);
}

inline Symbol sym(std::string_view s) {
  Symbol out;
  (void)out.assign(s);
  return out;
}

inline constexpr Timestamp sec(double s) {
  return static_cast<Timestamp>(s * 1'000'000);
}

inline BookUpdate book(Timestamp ts, bool snapshot, std::int64_t u, std::initializer_list<BookLevel> bids,
                       std::initializer_list<BookLevel> asks, std::string_view symbol = "BTCUSDT") {
  BookUpdate b;
  b.header.symbol = sym(symbol);
  b.header.ts_event = ts;
  b.is_snapshot = snapshot;
  b.update_id = u;
  b.bids = bids;
  b.asks = asks;
  return b;
}

// A snapshot fetched over REST (BookUpdate::from_rest): bridged to buffered deltas, not a reset.
inline BookUpdate rest_snapshot(Timestamp ts, std::int64_t u, std::initializer_list<BookLevel> bids,
                                std::initializer_list<BookLevel> asks) {
  BookUpdate b = book(ts, true, u, bids, asks);
  b.from_rest = true;
  return b;
}

inline TradeEvent trade(Timestamp ts, std::int64_t price, std::int64_t size, Side side,
                        std::string_view symbol = "BTCUSDT") {
  TradeEvent t;
  t.header.symbol = sym(symbol);
  t.header.ts_event = ts;
  t.price = price;
  t.size = size;
  t.taker_side = side;
  return t;
}

// Same time, presence bits and value bit patterns (NaN-safe, unlike ==).
inline bool bit_identical(const FeatureVector& a, const FeatureVector& b) {
  return a.present == b.present && a.as_of == b.as_of &&
         std::memcmp(a.values.data(), b.values.data(), sizeof(a.values)) == 0;
}

}  // namespace fsvc::test
