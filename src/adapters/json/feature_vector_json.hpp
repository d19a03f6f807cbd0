#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/feature/feature_vector.hpp"

namespace fsvc::json {

// The features.live shape (contracts.md §3): timestamp (UTC, ms, Z), symbol, features (every
// feature of the vector's registry in registry order, null when undefined, counts as JSON
// integers), feature_registry_version (that registry's), trace_id, intervals (those of `configured` whose
// boundary the vector sits on; [] for a latest vector). Doubles are written in the shortest form that reads
// back to the same bits, so a vector file round-trips exactly.
std::string encode_feature_vector(const FeatureVector& vector, const std::vector<Duration>& configured,
                                  std::string_view trace_id);

}  // namespace fsvc::json
