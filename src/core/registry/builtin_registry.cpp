#include "core/registry/builtin_registry.hpp"

#include "core/feature/feature_id.hpp"
#include "core/registry/feature_naming.hpp"

namespace fsvc {
namespace {

// 1.0.0 names these two without their (3 s) window.
FeatureSpec unsuffixed(FeatureFamily family, Duration window) {
  FeatureSpec spec = make_feature(family, window);
  spec.name = family_name(family);
  return spec;
}

}  // namespace

FeatureRegistry builtin_registry() {
  using F = FeatureFamily;
  constexpr Duration s = kMicrosPerSecond;
  constexpr Duration m = kMicrosPerMinute;
  return FeatureRegistry{std::string(kFeatureRegistryVersion),
                         {
                             make_feature(F::mid_price),
                             make_feature(F::spread_abs),
                             make_feature(F::spread_rel),
                             make_feature(F::returns, s),
                             make_feature(F::returns, 3 * s),
                             make_feature(F::returns, m),
                             make_feature(F::vwap, 3 * s),
                             make_feature(F::volume, 3 * s),
                             make_feature(F::signed_volume, 3 * s),
                             make_feature(F::vwap, 15 * s),
                             make_feature(F::volume, 15 * s),
                             make_feature(F::signed_volume, 15 * s),
                             make_feature(F::vwap, m),
                             make_feature(F::volume, m),
                             make_feature(F::signed_volume, m),
                             make_feature(F::volatility, m),
                             make_feature(F::volatility, 5 * m),
                             unsuffixed(F::buy_sell_volume_ratio, 3 * s),
                             make_feature(F::trade_count, 3 * s),
                             unsuffixed(F::net_aggressor_pressure, 3 * s),
                             make_feature(F::depth_bid, 0, 5),
                             make_feature(F::depth_bid, 0, 10),
                             make_feature(F::depth_ask, 0, 5),
                             make_feature(F::depth_ask, 0, 10),
                             make_feature(F::depth_imbalance, 0, 5),
                             make_feature(F::funding_rate),
                             make_feature(F::time_to_funding),
                             make_feature(F::time_of_day_sin),
                             make_feature(F::time_of_day_cos),
                         }};
}

}  // namespace fsvc
