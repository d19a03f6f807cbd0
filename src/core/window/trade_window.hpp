#pragma once

#include <cstdint>
#include <deque>

#include "core/event/market_event.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

__extension__ using Int128 = __int128;

// Exact aggregates of the trades in one window (t - W, t].
struct TradeSums {
  Int128 volume = 0;    // units 1e-8
  Int128 buy = 0;       // units 1e-8
  Int128 notional = 0;  // price * size, units 1e-16
  std::int64_t count = 0;

  Int128 sell() const { return volume - buy; }
};

// Trades in time order with exact prefix sums, so a window query is two binary searches and its
// result does not depend on the order trades arrived in.
class TradeWindow {
 public:
  void add(Timestamp ts, std::int64_t price, std::int64_t size, Side taker_side);
  TradeSums query(Timestamp t, Duration window) const;
  // Drops trades with ts <= `before`.
  void evict_through(Timestamp before);
  std::size_t size() const { return trades_.size(); }

 private:
  struct Entry {
    Timestamp ts;
    std::int64_t size;
    std::int64_t price;
    bool buy;
    TradeSums cumulative;  // over every trade up to and including this one (since the base)
  };

  TradeSums prefix(std::size_t index) const;  // sums over trades_[0, index)
  std::size_t count_through(Timestamp t) const;
  void recompute_from(std::size_t index);

  std::deque<Entry> trades_;
  TradeSums base_;  // cumulative sums of the evicted trades
};

}  // namespace fsvc
