#pragma once

#include <string>
#include <vector>

#include "core/types/timestamp.hpp"

namespace fsvc {

// What a feature computes (registry.md §1): a family fixes the definition (features.md §3), and a
// feature is a family plus its parameter (a window W or a book depth N).
enum class FeatureFamily {
  // instantaneous (no parameter)
  mid_price,
  spread_abs,
  spread_rel,
  funding_rate,
  time_to_funding,
  time_of_day_sin,
  time_of_day_cos,
  // windowed (parameter: window)
  returns,
  vwap,
  volume,
  signed_volume,
  trade_count,
  buy_sell_volume_ratio,
  net_aggressor_pressure,
  volatility,
  // book depth (parameter: depth N)
  depth_bid,
  depth_ask,
  depth_imbalance,
};

// Applied after computation (registry.md §3). z_score: (x - mean) / std; min_max: (x - min) / (max - min).
struct Normalization {
  enum class Kind { none, z_score, min_max };
  Kind kind = Kind::none;
  double mean = 0.0;  // z_score
  double std = 1.0;   // z_score, > 0
  double min = 0.0;   // min_max
  double max = 1.0;   // min_max, > min
  bool operator==(const Normalization&) const = default;
};

// What a null value becomes (registry.md §3). forward_fill carries the last non-null grid value of
// this feature for this symbol for at most max_age, before normalization.
struct MissingPolicy {
  enum class Kind { null_value, forward_fill, constant };
  Kind kind = Kind::null_value;
  Duration max_age = 0;  // forward_fill, > 0
  double value = 0.0;    // constant
  bool operator==(const MissingPolicy&) const = default;
};

// One validated feature of a registry version.
struct FeatureSpec {
  std::string name;  // e.g. "vwap_30s", "depth_imbalance_top20", "buy_sell_volume_ratio"
  FeatureFamily family = FeatureFamily::mid_price;
  Duration window = 0;  // windowed families only, > 0
  int depth = 0;        // depth families only, >= 1
  Normalization normalization;
  MissingPolicy missing;
  bool operator==(const FeatureSpec&) const = default;
};

// A validated registry version: what the engine computes and publishes, in this order.
struct FeatureRegistry {
  std::string version;
  std::vector<FeatureSpec> features;
  bool operator==(const FeatureRegistry&) const = default;
};

}  // namespace fsvc
