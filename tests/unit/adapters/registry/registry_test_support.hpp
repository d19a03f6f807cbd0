#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/registry/registry_loader.hpp"

namespace fsvc {

// gtest prints problems as their text.
inline void PrintTo(const RegistryProblem& problem, std::ostream* out) {
  *out << problem.to_string();
}

}  // namespace fsvc

namespace fsvc::registry::test {

inline LoadResult load_yaml(std::string_view yaml, const RegistryLimits& limits = {}) {
  return load_text(yaml, DocumentFormat::yaml, limits);
}

// A one-feature document: `entry` is the YAML of the list item's keys, each line indented by 4.
inline std::string one_feature(std::string_view entry) {
  return "version: \"1.1.0\"\nfeatures:\n  - " + std::string(entry.substr(4));
}

// The problems about `feature` (and `field` unless empty), as text.
inline std::vector<std::string> about(const std::vector<RegistryProblem>& problems, std::string_view feature,
                                      std::string_view field = {}) {
  std::vector<std::string> found;
  for (const RegistryProblem& p : problems) {
    if (p.feature == feature && (field.empty() || p.field == field)) found.push_back(p.to_string());
  }
  return found;
}

inline std::string all_text(const RegistryProblems& problems) {
  return "errors:\n" + describe_problems(problems.errors, "error") + "\nwarnings:\n" +
         describe_problems(problems.warnings, "warning");
}

}  // namespace fsvc::registry::test
