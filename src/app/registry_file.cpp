#include "app/registry_file.hpp"

#include <iostream>
#include <stdexcept>

#include "adapters/registry/registry_loader.hpp"

namespace fsvc::app {

FeatureRegistry registry_from_file(const std::string& path) {
  registry::LoadResult result = registry::load_file(path, RegistryLimits{});
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
