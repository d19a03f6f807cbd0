#pragma once

#include <optional>

#include "core/registry/document_fields.hpp"
#include "core/registry/feature_spec.hpp"

namespace fsvc {

// `normalization`: null or `none`; {type: z_score, mean, std > 0}; {type: min_max, min < max}.
// nullopt (with the errors reported) when it is not one of those.
std::optional<Normalization> read_normalization(const DocumentNode& value, ProblemScope& scope);

// `missing`: null (the default); {policy: null}; {policy: forward_fill, max_age > 0};
// {policy: constant, value}. nullopt (with the errors reported) when it is not one of those.
std::optional<MissingPolicy> read_missing_policy(const DocumentNode& value, ProblemScope& scope);

// "none", "z_score(mean=0, std=1)", "min_max(min=0, max=10)": how changes and logs show it.
std::string describe(const Normalization& normalization);

// "null", "forward_fill(max_age=5s)", "constant(value=0)".
std::string describe(const MissingPolicy& missing);

}  // namespace fsvc
