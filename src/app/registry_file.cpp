#include "app/registry_file.hpp"

#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "adapters/registry/registry_loader.hpp"
#include "core/feature/feature_layout.hpp"

namespace fsvc::app {

FeatureRegistry registry_from_file(const std::string& path) {
  RegistryLimits limits;
  limits.max_features = std::min(limits.max_features, kMaxFeatures);  // what a vector holds
  registry::LoadResult result = registry::load_file(path, limits);
  for (const RegistryProblem& warning : result.problems.warnings) {
    std::cerr << "registry " << path << ": warning: " << warning.to_string() << "\n";
  }
  if (!result.valid()) {
    throw std::invalid_argument("--registry-file " + path + " is invalid, " +
                                std::to_string(result.problems.errors.size()) + " error(s):\n" +
                                describe_problems(result.problems.errors, "error"));
  }
  return std::move(*result.registry);
}

}  // namespace fsvc::app
