#pragma once

#include <array>

#include "core/registry/feature_naming.hpp"

namespace fsvc::test {

// A registry of 100 features with windows from 1 s to 1 h (the cost bar of issue 9): every
// instantaneous family, the seven trade/return families at twelve windows, three volatility
// windows and the depth families at two depths. Used by tests and benchmarks alike.
inline FeatureRegistry wide_registry() {
  using F = FeatureFamily;
  constexpr Duration s = kMicrosPerSecond;
  constexpr Duration m = kMicrosPerMinute;
  constexpr std::array<Duration, 12> windows{s, 3 * s, 5 * s, 10 * s, 15 * s, 30 * s,
                                             m, 2 * m, 5 * m, 15 * m, 30 * m, 60 * m};
  FeatureRegistry r{"9.100.0", {}};
  for (const F f : {F::mid_price, F::spread_abs, F::spread_rel, F::funding_rate, F::time_to_funding,
                    F::time_of_day_sin, F::time_of_day_cos}) {
    r.features.push_back(make_feature(f));
  }
  for (const F f : {F::returns, F::vwap, F::volume, F::signed_volume, F::trade_count,
                    F::buy_sell_volume_ratio, F::net_aggressor_pressure}) {
    for (const Duration w : windows) r.features.push_back(make_feature(f, w));
  }
  for (const Duration w : {m, 5 * m, 60 * m}) r.features.push_back(make_feature(F::volatility, w));
  for (const int n : {5, 20}) {
    for (const F f : {F::depth_bid, F::depth_ask, F::depth_imbalance})
      r.features.push_back(make_feature(f, 0, n));
  }
  return r;
}

}  // namespace fsvc::test
