#pragma once

#include <cstdint>
#include <vector>

#include "core/event/market_event.hpp"
#include "core/types/int128.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// Exact aggregates of the trades in one window (t - W, t].
struct TradeSums {
  Int128 volume = 0;    // units 1e-8
  Int128 buy = 0;       // units 1e-8
  Int128 notional = 0;  // price * size, units 1e-16
  std::int64_t count = 0;

  Int128 sell() const { return volume - buy; }
};

// Exact sums of the trades in (lo, hi] from the cumulative sums through hi and through lo.
inline TradeSums sums_between(const TradeSums& through_hi, const TradeSums& through_lo) {
  return TradeSums{through_hi.volume - through_lo.volume, through_hi.buy - through_lo.buy,
                   through_hi.notional - through_lo.notional, through_hi.count - through_lo.count};
}

// Trades in time order with exact prefix sums, so a window query is two binary searches and its
// result does not depend on the order trades arrived in.
//
// Contiguous storage: live trades are trades_[head_, end); evicted ones stay in front until they
// make up half of the vector, then are erased at once (amortised O(1), no allocation at steady
// state). A trade in time order is appended in O(1).
class TradeWindow {
 public:
  void add(Timestamp ts, std::int64_t price, std::int64_t size, Side taker_side);
  TradeSums query(Timestamp t, Duration window) const;
  // Cumulative sums over every trade with ts <= t (since the first trade ever added); window
  // sums are differences of two of them (sums_between), exact whatever was evicted.
  TradeSums through(Timestamp t) const;
  // Drops trades with ts <= `before`.
  void evict_through(Timestamp before);
  std::size_t size() const { return trades_.size() - head_; }
  // What one kept trade costs (memory estimates, core/feature/state_estimate.hpp).
  static std::size_t bytes_per_trade();

 private:
  struct Entry {
    Timestamp ts;
    std::int64_t size;
    std::int64_t price;
    bool buy;
    TradeSums cumulative;  // over every trade up to and including this one (since the base)
  };

  const TradeSums& prefix(std::size_t index) const;  // sums over trades_[head_, index)
  std::size_t count_through(Timestamp t) const;      // index one past the last trade with ts <= t
  void recompute_from(std::size_t index);

  std::vector<Entry> trades_;
  std::size_t head_ = 0;  // first live trade
  TradeSums base_;        // cumulative sums of the evicted trades
};

}  // namespace fsvc
