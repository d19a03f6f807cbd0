#pragma once

#include <string>
#include <vector>

#include "core/registry/feature_spec.hpp"

namespace fsvc {

// What activating a registry changes for consumers of its vectors (registry.md §4).
struct RegistryCompatibility {
  // Removed features and changed definitions (window or depth, normalization, missing policy):
  // consumers of the old vectors break, so activation through the API needs acknowledgement.
  std::vector<std::string> breaking_changes;
  // Added features and a new key order: old consumers keep working.
  std::vector<std::string> compatibility_warnings;

  bool is_breaking() const { return !breaking_changes.empty(); }
};

// `candidate` measured against the `active` version, one line per change, naming the feature.
RegistryCompatibility compare_registries(const FeatureRegistry& active, const FeatureRegistry& candidate);

}  // namespace fsvc
