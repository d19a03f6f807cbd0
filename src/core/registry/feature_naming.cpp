#include "core/registry/feature_naming.hpp"

namespace fsvc {

std::string_view family_name(FeatureFamily family) {
  switch (family) {
    case FeatureFamily::mid_price:
      return "mid_price";
    case FeatureFamily::spread_abs:
      return "spread_abs";
    case FeatureFamily::spread_rel:
      return "spread_rel";
    case FeatureFamily::funding_rate:
      return "funding_rate";
    case FeatureFamily::time_to_funding:
      return "time_to_funding";
    case FeatureFamily::time_of_day_sin:
      return "time_of_day_sin";
    case FeatureFamily::time_of_day_cos:
      return "time_of_day_cos";
    case FeatureFamily::returns:
      return "returns";
    case FeatureFamily::vwap:
      return "vwap";
    case FeatureFamily::volume:
      return "volume";
    case FeatureFamily::signed_volume:
      return "signed_volume";
    case FeatureFamily::trade_count:
      return "trade_count";
    case FeatureFamily::buy_sell_volume_ratio:
      return "buy_sell_volume_ratio";
    case FeatureFamily::net_aggressor_pressure:
      return "net_aggressor_pressure";
    case FeatureFamily::volatility:
      return "volatility";
    case FeatureFamily::depth_bid:
      return "depth_bid";
    case FeatureFamily::depth_ask:
      return "depth_ask";
    case FeatureFamily::depth_imbalance:
      return "depth_imbalance";
  }
  return "unknown";
}

bool is_windowed(FeatureFamily family) {
  return family >= FeatureFamily::returns && family <= FeatureFamily::volatility;
}

bool is_depth(FeatureFamily family) {
  return family >= FeatureFamily::depth_bid;
}

FeatureSpec make_feature(FeatureFamily family, Duration window, int depth) {
  FeatureSpec spec;
  spec.family = family;
  spec.name = family_name(family);
  if (is_windowed(family)) {
    spec.window = window;
    spec.name += "_" + format_duration(window);
  } else if (is_depth(family)) {
    spec.depth = depth;
    spec.name += "_top" + std::to_string(depth);
  }
  return spec;
}

}  // namespace fsvc
