#include "core/window/trade_window.hpp"

#include <algorithm>

namespace fsvc {
namespace {

constexpr std::size_t kCompactAt = 256;  // evicted trades tolerated in front before compacting

TradeSums accumulate(TradeSums sums, std::int64_t price, std::int64_t size, bool buy) {
  sums.volume += size;
  if (buy) sums.buy += size;
  sums.notional += static_cast<Int128>(price) * size;
  sums.count += 1;
  return sums;
}

}  // namespace

void TradeWindow::add(Timestamp ts, std::int64_t price, std::int64_t size, Side taker_side) {
  const bool buy = taker_side == Side::buy;
  if (head_ == trades_.size() ||
      trades_.back().ts <= ts) {  // in time order: after any trade with the same time
    trades_.push_back(Entry{ts, size, price, buy, accumulate(prefix(trades_.size()), price, size, buy)});
    return;
  }
  const std::size_t at = count_through(ts);  // after any trade with the same time: arrival order
  trades_.insert(trades_.begin() + static_cast<std::ptrdiff_t>(at), Entry{ts, size, price, buy, {}});
  recompute_from(at);
}

void TradeWindow::recompute_from(std::size_t index) {
  for (std::size_t i = index; i < trades_.size(); ++i) {
    Entry& e = trades_[i];
    e.cumulative = accumulate(prefix(i), e.price, e.size, e.buy);
  }
}

const TradeSums& TradeWindow::prefix(std::size_t index) const {
  return index == head_ ? base_ : trades_[index - 1].cumulative;
}

std::size_t TradeWindow::count_through(Timestamp t) const {
  const Entry* const first = trades_.data() + head_;
  const Entry* const last = trades_.data() + trades_.size();
  if (first == last || last[-1].ts <= t) return trades_.size();
  const Entry* it = std::upper_bound(first, last, t, [](Timestamp v, const Entry& e) { return v < e.ts; });
  return static_cast<std::size_t>(it - trades_.data());
}

TradeSums TradeWindow::through(Timestamp t) const {
  return prefix(count_through(t));
}

TradeSums TradeWindow::query(Timestamp t, Duration window) const {
  return sums_between(through(t), through(t - window));
}

void TradeWindow::evict_through(Timestamp before) {
  while (head_ < trades_.size() && trades_[head_].ts <= before) {
    base_ = trades_[head_].cumulative;
    ++head_;
  }
  if (head_ >= kCompactAt && head_ * 2 >= trades_.size()) {
    trades_.erase(trades_.begin(), trades_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

std::size_t TradeWindow::bytes_per_trade() {
  return sizeof(Entry);
}

}  // namespace fsvc
