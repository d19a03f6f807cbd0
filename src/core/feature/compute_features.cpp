#include "core/feature/compute_features.hpp"

#include <cmath>
#include <numbers>

#include "core/types/decimal.hpp"

namespace fsvc {
namespace {

static_assert(kVolatilityWindows[0] == kMicrosPerMinute && kVolatilityWindows[1] == 5 * kMicrosPerMinute,
              "volatility_1m and volatility_5m read kVolatilityWindows[0] and [1]");

double units_to_double(Int128 units) {
  return static_cast<double>(units) / static_cast<double>(kFixedScale);
}

void set_book_features(const BookTop* top, FeatureVector& out) {
  if (!top || !top->synchronized) return;
  if (const auto sum = mid_sum(top)) {
    const double mid = fixed_to_double(*sum) / 2;
    const double spread = fixed_to_double(top->best_ask - top->best_bid);
    out.set(FeatureId::mid_price, mid);
    out.set(FeatureId::spread_abs, spread);
    out.set(FeatureId::spread_rel, spread / mid);
  }
  out.set(FeatureId::depth_bid_top5, fixed_to_double(top->bid5));
  out.set(FeatureId::depth_bid_top10, fixed_to_double(top->bid10));
  out.set(FeatureId::depth_ask_top5, fixed_to_double(top->ask5));
  out.set(FeatureId::depth_ask_top10, fixed_to_double(top->ask10));
  if (top->bid5 + top->ask5 != 0) {
    out.set(FeatureId::depth_imbalance_top5,
            static_cast<double>(top->bid5 - top->ask5) / static_cast<double>(top->bid5 + top->ask5));
  }
}

void set_return(FeatureId id, const std::optional<std::int64_t>& now, Timestamp t, Duration window,
                const BookTopHistory& book, FeatureVector& out) {
  if (!now) return;
  const auto before = mid_sum(book.find(t - window));
  if (now && before) {
    out.set(id, static_cast<double>(*now) / static_cast<double>(*before) - 1.0);
  }
}

// `through_t`: the trades' cumulative sums through t, shared by every window.
TradeSums set_trade_window(const TradeSums& through_t, Timestamp t, Duration window, FeatureId vwap,
                           FeatureId volume, FeatureId signed_volume, const TradeWindow& trades, FeatureVector& out) {
  const TradeSums s = sums_between(through_t, trades.through(t - window));
  if (s.count > 0) {
    out.set(vwap, static_cast<double>(s.notional) / static_cast<double>(s.volume) /
                      static_cast<double>(kFixedScale));
  }
  out.set(volume, units_to_double(s.volume));
  out.set(signed_volume, units_to_double(s.buy - s.sell()));
  return s;
}

// `s`: the trades in (t - 3 s, t].
void set_flow_features(const TradeSums& s, FeatureVector& out) {
  if (s.sell() != 0) {
    out.set(FeatureId::buy_sell_volume_ratio, static_cast<double>(s.buy) / static_cast<double>(s.sell()));
  }
  out.set(FeatureId::trade_count_3s, static_cast<double>(s.count));
  if (s.count > 0) {
    out.set(FeatureId::net_aggressor_pressure,
            static_cast<double>(s.buy - s.sell()) / static_cast<double>(s.volume));
  }
}

void set_funding(Timestamp t, const FundingHistory& funding, FeatureVector& out) {
  const FundingState state = funding.as_of(t);
  out.set(FeatureId::funding_rate, state.funding_rate);
  if (state.next_funding_time) {
    out.set(FeatureId::time_to_funding,
            static_cast<double>(*state.next_funding_time - t) / static_cast<double>(kMicrosPerSecond));
  }
}

void set_time_of_day(Timestamp t, FeatureVector& out) {
  const Timestamp since_midnight = t - floor_to(t, kMicrosPerDay);
  const double hours = static_cast<double>(since_midnight) / static_cast<double>(kMicrosPerHour);
  const double angle = 2.0 * std::numbers::pi * hours / 24.0;
  out.set(FeatureId::time_of_day_sin, std::sin(angle));
  out.set(FeatureId::time_of_day_cos, std::cos(angle));
}

}  // namespace

void compute_features(Timestamp t, const FeatureSources& sources, FeatureVector& out) {
  const BookTop* top = sources.book.find(t);
  set_book_features(top, out);
  const auto mid_now = mid_sum(top);
  set_return(FeatureId::returns_1s, mid_now, t, kMicrosPerSecond, sources.book, out);
  set_return(FeatureId::returns_3s, mid_now, t, 3 * kMicrosPerSecond, sources.book, out);
  set_return(FeatureId::returns_1m, mid_now, t, kMicrosPerMinute, sources.book, out);
  const TradeSums through_t = sources.trades.through(t);
  const TradeSums last_3s = set_trade_window(through_t, t, 3 * kMicrosPerSecond, FeatureId::vwap_3s,
                                             FeatureId::volume_3s, FeatureId::signed_volume_3s, sources.trades, out);
  set_trade_window(through_t, t, 15 * kMicrosPerSecond, FeatureId::vwap_15s, FeatureId::volume_15s,
                   FeatureId::signed_volume_15s, sources.trades, out);
  set_trade_window(through_t, t, kMicrosPerMinute, FeatureId::vwap_1m, FeatureId::volume_1m,
                   FeatureId::signed_volume_1m, sources.trades, out);
  set_flow_features(last_3s, out);
  out.set(FeatureId::volatility_1m, sources.grid_mids.volatility(t, kVolatilityWindows[0], sources.book));
  out.set(FeatureId::volatility_5m, sources.grid_mids.volatility(t, kVolatilityWindows[1], sources.book));
  set_funding(t, sources.funding, out);
  set_time_of_day(t, out);
}

}  // namespace fsvc
