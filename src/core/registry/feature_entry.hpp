#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/registry/document_node.hpp"
#include "core/registry/feature_spec.hpp"
#include "core/registry/registry_limits.hpp"
#include "core/registry/registry_problem.hpp"

namespace fsvc {

// How features are named in problems before their name is known: "features[3]".
std::string entry_label(std::size_t index);

// Checks one entry of `features` (the item at `index`) and reports every problem with it; the
// spec when it has no error.
std::optional<FeatureSpec> read_feature_entry(const DocumentNode& entry, std::size_t index,
                                              const RegistryLimits& limits, RegistryProblems& problems);

}  // namespace fsvc
