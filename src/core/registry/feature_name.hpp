#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/registry/feature_spec.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// What a feature name says: its family and that family's parameter.
struct FeatureNameParts {
  FeatureFamily family = FeatureFamily::mid_price;
  Duration window = 0;  // windowed families
  int depth = 0;        // depth families
};

// Either the parts or why the name is none of the families (one line, naming the name).
struct FeatureNameParse {
  std::optional<FeatureNameParts> parts;
  std::string error;
};

// "family + parameter" (registry.md §1): `mid_price`; `vwap_30s`, `returns_500ms`, `volatility_1h`
// (any duration parse_duration reads); `depth_imbalance_top20` (N >= 1); `buy_sell_volume_ratio`
// and `net_aggressor_pressure` alone mean their 3 s window.
FeatureNameParse parse_feature_name(std::string_view name);

}  // namespace fsvc
