#pragma once

#include <string>
#include <string_view>

#include "core/registry/feature_spec.hpp"

namespace fsvc {

// The name prefix of a family ("vwap", "depth_bid", "mid_price") and its parameter, from the
// family table (core/registry/feature_family.hpp).
std::string_view family_name(FeatureFamily family);

bool is_windowed(FeatureFamily family);
bool is_depth(FeatureFamily family);

// A feature with its canonical name (registry.md §1): family_W for windowed families ("vwap_30s"),
// family_topN for depth families ("depth_imbalance_top20"), the family's name otherwise.
FeatureSpec make_feature(FeatureFamily family, Duration window = 0, int depth = 0);

}  // namespace fsvc
