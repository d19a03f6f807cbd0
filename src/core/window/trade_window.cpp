#include "core/window/trade_window.hpp"

#include <algorithm>

namespace fsvc {
namespace {

TradeSums accumulate(TradeSums sums, std::int64_t price, std::int64_t size, bool buy) {
  sums.volume += size;
  if (buy) sums.buy += size;
  sums.notional += static_cast<Int128>(price) * size;
  sums.count += 1;
  return sums;
}

TradeSums difference(const TradeSums& hi, const TradeSums& lo) {
  return TradeSums{hi.volume - lo.volume, hi.buy - lo.buy, hi.notional - lo.notional, hi.count - lo.count};
}

}  // namespace

void TradeWindow::add(Timestamp ts, std::int64_t price, std::int64_t size, Side taker_side) {
  const std::size_t at = count_through(ts);  // after any trade with the same time: arrival order
  trades_.insert(trades_.begin() + static_cast<std::ptrdiff_t>(at),
                 Entry{ts, size, price, taker_side == Side::buy, {}});
  recompute_from(at);
}

void TradeWindow::recompute_from(std::size_t index) {
  for (std::size_t i = index; i < trades_.size(); ++i) {
    Entry& e = trades_[i];
    e.cumulative = accumulate(prefix(i), e.price, e.size, e.buy);
  }
}

TradeSums TradeWindow::prefix(std::size_t index) const {
  return index == 0 ? base_ : trades_[index - 1].cumulative;
}

std::size_t TradeWindow::count_through(Timestamp t) const {
  auto it = std::upper_bound(trades_.begin(), trades_.end(), t,
                             [](Timestamp v, const Entry& e) { return v < e.ts; });
  return static_cast<std::size_t>(it - trades_.begin());
}

TradeSums TradeWindow::query(Timestamp t, Duration window) const {
  return difference(prefix(count_through(t)), prefix(count_through(t - window)));
}

void TradeWindow::evict_through(Timestamp before) {
  while (!trades_.empty() && trades_.front().ts <= before) {
    base_ = trades_.front().cumulative;
    trades_.pop_front();
  }
}

}  // namespace fsvc
