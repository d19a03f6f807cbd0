#include "core/feature/compute_features.hpp"

#include <cmath>
#include <numbers>

#include "core/types/decimal.hpp"

namespace fsvc {
namespace {

double units_to_double(Int128 units) {
  return static_cast<double>(units) / static_cast<double>(kFixedScale);
}

void set(FeatureVector& out, Slot slot, double v) {
  if (slot != kNoSlot) out.set_slot(static_cast<std::size_t>(slot), v);
}

void set(FeatureVector& out, Slot slot, const std::optional<double>& v) {
  if (v) set(out, slot, *v);
}

void set_book_features(const FeaturePlan& plan, const BookTop* top, const BookTopHistory& book,
                       FeatureVector& out) {
  if (!top || !top->synchronized) return;
  if (const auto sum = mid_sum(top)) {
    const double mid = fixed_to_double(*sum) / 2;
    const double spread = fixed_to_double(top->best_ask - top->best_bid);
    set(out, plan.mid, mid);
    set(out, plan.spread_abs, spread);
    set(out, plan.spread_rel, spread / mid);
  }
  const auto sums = book.depth_sums(top);
  const std::size_t depths = plan.depth_groups.size();
  for (std::size_t i = 0; i < depths; ++i) {
    const FeaturePlan::DepthSlots& g = plan.depth_groups[i];
    const std::int64_t bid = sums[i];
    const std::int64_t ask = sums[depths + i];
    set(out, g.bid, fixed_to_double(bid));
    set(out, g.ask, fixed_to_double(ask));
    if (bid + ask != 0)
      set(out, g.imbalance, static_cast<double>(bid - ask) / static_cast<double>(bid + ask));
  }
}

void set_returns(const FeaturePlan& plan, const std::optional<std::int64_t>& now, Timestamp t,
                 const BookTopHistory& book, FeatureVector& out) {
  if (!now) return;
  for (const FeaturePlan::WindowSlot& r : plan.returns) {
    if (const auto before = mid_sum(book.find(t - r.window))) {
      set(out, r.slot, static_cast<double>(*now) / static_cast<double>(*before) - 1.0);
    }
  }
}

// `s`: the trades in (t - W, t] of the group's window.
void set_trade_window(const FeaturePlan::TradeWindowSlots& g, const TradeSums& s, FeatureVector& out) {
  if (s.count > 0) {
    set(out, g.vwap,
        static_cast<double>(s.notional) / static_cast<double>(s.volume) / static_cast<double>(kFixedScale));
    set(out, g.aggressor_pressure, static_cast<double>(s.buy - s.sell()) / static_cast<double>(s.volume));
  }
  set(out, g.volume, units_to_double(s.volume));
  set(out, g.signed_volume, units_to_double(s.buy - s.sell()));
  set(out, g.trade_count, static_cast<double>(s.count));
  if (s.sell() != 0) set(out, g.buy_sell_ratio, static_cast<double>(s.buy) / static_cast<double>(s.sell()));
}

void set_trade_windows(const FeaturePlan& plan, Timestamp t, const TradeWindow& trades, FeatureVector& out) {
  if (plan.trade_windows.empty()) return;
  const TradeSums through_t = trades.through(t);  // shared by every window
  for (const FeaturePlan::TradeWindowSlots& g : plan.trade_windows) {
    set_trade_window(g, sums_between(through_t, trades.through(t - g.window)), out);
  }
}

void set_funding(const FeaturePlan& plan, Timestamp t, const FundingHistory& funding, FeatureVector& out) {
  if (plan.funding_rate == kNoSlot && plan.time_to_funding == kNoSlot) return;
  const FundingState state = funding.as_of(t);
  set(out, plan.funding_rate, state.funding_rate);
  if (state.next_funding_time) {
    set(out, plan.time_to_funding,
        static_cast<double>(*state.next_funding_time - t) / static_cast<double>(kMicrosPerSecond));
  }
}

void set_time_of_day(const FeaturePlan& plan, Timestamp t, FeatureVector& out) {
  const Timestamp since_midnight = t - floor_to(t, kMicrosPerDay);
  const double hours = static_cast<double>(since_midnight) / static_cast<double>(kMicrosPerHour);
  const double angle = 2.0 * std::numbers::pi * hours / 24.0;
  if (plan.time_of_day_sin != kNoSlot) set(out, plan.time_of_day_sin, std::sin(angle));
  if (plan.time_of_day_cos != kNoSlot) set(out, plan.time_of_day_cos, std::cos(angle));
}

}  // namespace

void compute_features(Timestamp t, const FeaturePlan& plan, const FeatureSources& sources,
                      FeatureVector& out) {
  const BookTop* top = sources.book.find(t);
  set_book_features(plan, top, sources.book, out);
  set_returns(plan, mid_sum(top), t, sources.book, out);
  set_trade_windows(plan, t, sources.trades, out);
  for (const FeaturePlan::WindowSlot& v : plan.volatility) {
    set(out, v.slot, sources.grid_mids.volatility(t, v.window, sources.book));
  }
  set_funding(plan, t, sources.funding, out);
  set_time_of_day(plan, t, out);
}

}  // namespace fsvc
