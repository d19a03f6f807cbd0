#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/feature/feature_vector.hpp"

namespace fsvc::http {

// The features.live shape (contracts.md §3): timestamp (UTC, ms, Z), symbol, features (every
// feature of registry 1.0.0, null when undefined, counts as integers), feature_registry_version,
// trace_id, intervals (those of `configured` whose boundary the vector sits on; [] for a latest
// vector).
//
// Stand-in until adapters/json/feature_vector_json.hpp (encode_feature_vector) lands; the API
// then switches to it and this file goes.
std::string feature_vector_body(const FeatureVector& vector, const std::vector<Duration>& configured,
                                std::string_view trace_id);

}  // namespace fsvc::http
