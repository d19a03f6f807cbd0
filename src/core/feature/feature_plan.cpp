#include "core/feature/feature_plan.hpp"

#include <algorithm>

namespace fsvc {
namespace {

FeaturePlan::TradeWindowSlots& trade_group(std::vector<FeaturePlan::TradeWindowSlots>& groups, Duration w) {
  auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.window == w; });
  if (it != groups.end()) return *it;
  groups.push_back(FeaturePlan::TradeWindowSlots{w});
  return groups.back();
}

FeaturePlan::DepthSlots& depth_group(std::vector<FeaturePlan::DepthSlots>& groups, int depth) {
  auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.depth == depth; });
  if (it != groups.end()) return *it;
  groups.push_back(FeaturePlan::DepthSlots{depth});
  return groups.back();
}

Duration longest(const std::vector<FeaturePlan::WindowSlot>& windows) {
  Duration out = 0;
  for (const auto& w : windows) out = std::max(out, w.window);
  return out;
}

}  // namespace

FeaturePlan::FeaturePlan(const FeatureRegistry& registry) {
  for (std::size_t i = 0; i < registry.features.size(); ++i) {
    const FeatureSpec& spec = registry.features[i];
    const auto slot = static_cast<Slot>(i);
    using F = FeatureFamily;
    switch (spec.family) {
      case F::mid_price:
        mid = slot;
        break;
      case F::spread_abs:
        spread_abs = slot;
        break;
      case F::spread_rel:
        spread_rel = slot;
        break;
      case F::funding_rate:
        funding_rate = slot;
        break;
      case F::time_to_funding:
        time_to_funding = slot;
        break;
      case F::time_of_day_sin:
        time_of_day_sin = slot;
        break;
      case F::time_of_day_cos:
        time_of_day_cos = slot;
        break;
      case F::returns:
        returns.push_back({spec.window, slot});
        break;
      case F::volatility:
        volatility.push_back({spec.window, slot});
        break;
      case F::vwap:
        trade_group(trade_windows, spec.window).vwap = slot;
        break;
      case F::volume:
        trade_group(trade_windows, spec.window).volume = slot;
        break;
      case F::signed_volume:
        trade_group(trade_windows, spec.window).signed_volume = slot;
        break;
      case F::trade_count:
        trade_group(trade_windows, spec.window).trade_count = slot;
        break;
      case F::buy_sell_volume_ratio:
        trade_group(trade_windows, spec.window).buy_sell_ratio = slot;
        break;
      case F::net_aggressor_pressure:
        trade_group(trade_windows, spec.window).aggressor_pressure = slot;
        break;
      case F::depth_bid:
        depth_group(depth_groups, spec.depth).bid = slot;
        break;
      case F::depth_ask:
        depth_group(depth_groups, spec.depth).ask = slot;
        break;
      case F::depth_imbalance:
        depth_group(depth_groups, spec.depth).imbalance = slot;
        break;
    }
  }
  std::sort(trade_windows.begin(), trade_windows.end(),
            [](const auto& a, const auto& b) { return a.window < b.window; });
  std::sort(depth_groups.begin(), depth_groups.end(),
            [](const auto& a, const auto& b) { return a.depth < b.depth; });
}

std::vector<Duration> FeaturePlan::volatility_windows() const {
  std::vector<Duration> out;
  for (const auto& v : volatility) out.push_back(v.window);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<int> FeaturePlan::depths() const {
  std::vector<int> out;
  for (const auto& g : depth_groups) out.push_back(g.depth);
  return out;
}

Duration FeaturePlan::mid_lookback() const {
  return longest(returns);
}

Duration FeaturePlan::trade_lookback() const {
  return trade_windows.empty() ? 0 : trade_windows.back().window;
}

Duration FeaturePlan::volatility_lookback() const {
  return longest(volatility);
}

}  // namespace fsvc
