#pragma once

#include <optional>

#include "core/registry/document_node.hpp"
#include "core/registry/feature_spec.hpp"
#include "core/registry/registry_limits.hpp"
#include "core/registry/registry_problem.hpp"

namespace fsvc {

// The registry when the document is valid, and every error and warning found either way.
struct RegistryValidation {
  std::optional<FeatureRegistry> registry;  // set exactly when there is no error
  RegistryProblems problems;
};

// Checks a whole registry document (registry.md §1-2) and reports every problem at once.
// Errors: missing version/features, duplicate names, unknown families, windows that do not parse,
// disagree with lookback_window or exceed limits.max_lookback, lookahead_forbidden not true,
// lookback_window beyond max_lookback_days, depths beyond limits.max_depth, bad normalization or
// missing-value parameters, values of the wrong type. Warnings: input_sources that differ from what
// the family reads, unknown keys (the trading system's files carry extras), features that are
// always null or repeat another's definition.
RegistryValidation validate_registry(const DocumentNode& document, const RegistryLimits& limits);

}  // namespace fsvc
