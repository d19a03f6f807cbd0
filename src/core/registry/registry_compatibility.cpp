#include "core/registry/registry_compatibility.hpp"

#include <algorithm>

#include "core/registry/value_policies.hpp"

namespace fsvc {

namespace {

const FeatureSpec* find_feature(const FeatureRegistry& registry, const std::string& name) {
  const auto it = std::find_if(registry.features.begin(), registry.features.end(),
                               [&](const FeatureSpec& spec) { return spec.name == name; });
  return it == registry.features.end() ? nullptr : &*it;
}

// The names both registries have, in the order `registry` lists them.
std::vector<std::string> shared_names(const FeatureRegistry& registry, const FeatureRegistry& other) {
  std::vector<std::string> names;
  for (const FeatureSpec& spec : registry.features) {
    if (find_feature(other, spec.name)) names.push_back(spec.name);
  }
  return names;
}

void compare_definitions(const FeatureSpec& before, const FeatureSpec& after, std::vector<std::string>& out) {
  if (before.family != after.family || before.window != after.window || before.depth != after.depth) {
    out.push_back(after.name + ": definition changed");
  }
  if (before.normalization != after.normalization) {
    out.push_back(after.name + ": normalization changed from " + describe(before.normalization) + " to " +
                  describe(after.normalization));
  }
  if (before.missing != after.missing) {
    out.push_back(after.name + ": missing policy changed from " + describe(before.missing) + " to " +
                  describe(after.missing));
  }
}

}  // namespace

RegistryCompatibility compare_registries(const FeatureRegistry& active, const FeatureRegistry& candidate) {
  RegistryCompatibility result;
  for (const FeatureSpec& before : active.features) {
    const FeatureSpec* after = find_feature(candidate, before.name);
    if (!after) {
      result.breaking_changes.push_back(before.name + ": removed");
    } else {
      compare_definitions(before, *after, result.breaking_changes);
    }
  }
  for (const FeatureSpec& after : candidate.features) {
    if (!find_feature(active, after.name)) result.compatibility_warnings.push_back(after.name + ": added");
  }
  if (shared_names(active, candidate) != shared_names(candidate, active)) {
    result.compatibility_warnings.push_back("the features kept appear in a different order");
  }
  return result;
}

}  // namespace fsvc
