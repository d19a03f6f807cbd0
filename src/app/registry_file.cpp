#include "app/registry_file.hpp"

#include <iostream>
#include <stdexcept>

#include "adapters/clock/system_clock.hpp"
#include "adapters/registry/registry_loader.hpp"
#include "adapters/registry/registry_versions.hpp"
#include "app/metadata_wiring.hpp"
#include "app/registry_wiring.hpp"

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

FeatureRegistry registry_from_store(const std::string& version, const config::ServiceConfig& config) {
  const SystemClock clock;
  const auto store = metadata::open_metadata_store(metadata_settings_from(config), clock);
  const auto record = store->get_registry_version(version);
  if (!record) {
    std::string known;
    for (const RegistryVersionRecord& v : store->list_registry_versions())
      known += (known.empty() ? "" : ", ") + v.version;
    throw std::invalid_argument("--registry " + version + ": the metadata store (" + store->health().detail +
                                ") has no such version (versions: " + (known.empty() ? "none" : known) + ")");
  }
  try {
    return registry::registry_of_record(*record, registry_limits_from(config));
  } catch (const RegistryRefusal& refused) {
    std::string problems;
    for (const std::string& problem : refused.problems()) problems += "\n  error: " + problem;
    throw std::invalid_argument("--registry " + version + ": " + refused.what() + problems);
  }
}

}  // namespace fsvc::app
