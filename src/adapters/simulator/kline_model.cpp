#include "adapters/simulator/kline_model.hpp"

#include <algorithm>
#include <cmath>

#include "core/types/decimal.hpp"

namespace fsvc::sim {

namespace {

constexpr std::int64_t kTurnoverStep = kFixedScale / 10'000;  // 4 decimals

// price·size in units, rounded to the turnover step; doubles suffice (the value only feeds the
// kline, never a feature) and the rounding is deterministic.
std::int64_t notional_units(std::int64_t price, std::int64_t size) {
  const double notional = fixed_to_double(price) * fixed_to_double(size);
  return std::llround(notional * 10'000.0) * kTurnoverStep;
}

}  // namespace

KlineModel::KlineModel(std::int64_t opening_price) {
  current_.open = current_.high = current_.low = current_.close = opening_price;
}

void KlineModel::roll_to(Timestamp minute_start) {
  closing_ = current_;
  const std::int64_t last = current_.close;
  current_ = Candle{minute_start, last, last, last, last, 0, 0, false};
}

void KlineModel::on_trade(Timestamp time, std::int64_t price, std::int64_t size) {
  if (current_.start == 0) current_.start = floor_to(time, kMicrosPerMinute);
  if (time >= current_end()) roll_to(floor_to(time, kMicrosPerMinute));
  if (!current_.started) {
    current_.open = current_.high = current_.low = price;
    current_.started = true;
  }
  current_.high = std::max(current_.high, price);
  current_.low = std::min(current_.low, price);
  current_.close = price;
  current_.volume += size;
  current_.turnover += notional_units(price, size);
}

void KlineModel::push(Timestamp now, std::vector<KlineEvent>& out) {
  if (current_.start == 0) current_.start = floor_to(now, kMicrosPerMinute);
  if (!closing_ && now >= current_end()) roll_to(floor_to(now, kMicrosPerMinute));
  if (closing_) {
    out.push_back(to_event(*closing_, now, true));
    closing_.reset();
    return;
  }
  out.push_back(to_event(current_, now, false));
}

KlineEvent KlineModel::to_event(const Candle& candle, Timestamp now, bool confirm) {
  KlineEvent event;
  event.header.ts_event = now;
  event.start = candle.start;
  event.end = candle.start + kMicrosPerMinute - kMicrosPerMilli;  // Bybit: start + 59 999 ms
  (void)event.interval.assign("1");
  event.open = fixed_to_double(candle.open);
  event.high = fixed_to_double(candle.high);
  event.low = fixed_to_double(candle.low);
  event.close = fixed_to_double(candle.close);
  event.volume = fixed_to_double(candle.volume);
  event.turnover = fixed_to_double(candle.turnover);
  event.confirm = confirm;
  return event;
}

}  // namespace fsvc::sim
