#include "core/feature/compute_features.hpp"

#include <cmath>
#include <numbers>

#include "core/types/decimal.hpp"

namespace fsvc {
namespace {

double units_to_double(Int128 units) {
  return static_cast<double>(units) / static_cast<double>(kFixedScale);
}

void set_book_features(const std::optional<BookTop>& top, FeatureVector& out) {
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

void set_return(FeatureId id, Timestamp t, Duration window, const BookTopHistory& book, FeatureVector& out) {
  const auto now = mid_sum(book.as_of(t));
  const auto before = mid_sum(book.as_of(t - window));
  if (now && before) {
    out.set(id, static_cast<double>(*now) / static_cast<double>(*before) - 1.0);
  }
}

void set_trade_window(Timestamp t, Duration window, FeatureId vwap, FeatureId volume, FeatureId signed_volume,
                      const TradeWindow& trades, FeatureVector& out) {
  const TradeSums s = trades.query(t, window);
  if (s.count > 0) {
    out.set(vwap, static_cast<double>(s.notional) / static_cast<double>(s.volume) /
                      static_cast<double>(kFixedScale));
  }
  out.set(volume, units_to_double(s.volume));
  out.set(signed_volume, units_to_double(s.buy - s.sell()));
}

void set_flow_features(Timestamp t, const TradeWindow& trades, FeatureVector& out) {
  const TradeSums s = trades.query(t, 3 * kMicrosPerSecond);
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
  set_book_features(sources.book.as_of(t), out);
  set_return(FeatureId::returns_1s, t, kMicrosPerSecond, sources.book, out);
  set_return(FeatureId::returns_3s, t, 3 * kMicrosPerSecond, sources.book, out);
  set_return(FeatureId::returns_1m, t, kMicrosPerMinute, sources.book, out);
  set_trade_window(t, 3 * kMicrosPerSecond, FeatureId::vwap_3s, FeatureId::volume_3s,
                   FeatureId::signed_volume_3s, sources.trades, out);
  set_trade_window(t, 15 * kMicrosPerSecond, FeatureId::vwap_15s, FeatureId::volume_15s,
                   FeatureId::signed_volume_15s, sources.trades, out);
  set_trade_window(t, kMicrosPerMinute, FeatureId::vwap_1m, FeatureId::volume_1m, FeatureId::signed_volume_1m,
                   sources.trades, out);
  set_flow_features(t, sources.trades, out);
  out.set(FeatureId::volatility_1m, sources.grid_mids.volatility(t, kMicrosPerMinute, sources.book));
  out.set(FeatureId::volatility_5m, sources.grid_mids.volatility(t, 5 * kMicrosPerMinute, sources.book));
  set_funding(t, sources.funding, out);
  set_time_of_day(t, out);
}

}  // namespace fsvc
