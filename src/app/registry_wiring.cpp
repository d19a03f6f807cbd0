#include "app/registry_wiring.hpp"

#include <filesystem>
#include <stdexcept>

#include "adapters/registry/registry_loader.hpp"

namespace fsvc::app {

namespace {

// Empty when serve should use the built-in registry.
std::string registry_path(const config::ServiceConfig& config) {
  if (!config.feature_registry_path.empty()) return config.feature_registry_path;
  std::error_code ignored;
  return std::filesystem::exists(kDefaultRegistryPath, ignored) ? kDefaultRegistryPath : "";
}

}  // namespace

RegistryLimits registry_limits_from(const config::ServiceConfig& config) {
  RegistryLimits limits;
  limits.max_lookback = config.max_lookback;
  return limits;
}

std::optional<FeatureRegistry> load_startup_registry(const config::ServiceConfig& config,
                                                     const obs::JsonLogger& logger) {
  const std::string path = registry_path(config);
  if (path.empty()) {
    logger.info("registry", "built-in registry",
                {{"reason", std::string(kDefaultRegistryPath) + " not found"}});
    return std::nullopt;
  }
  registry::LoadResult result = registry::load_file(path, registry_limits_from(config));
  for (const RegistryProblem& warning : result.problems.warnings) {
    logger.warn("registry", "registry warning", {{"path", path}, {"warning", warning.to_string()}});
  }
  if (!result.valid()) {
    throw std::runtime_error("feature registry " + path + " is invalid (FEATURE_REGISTRY_PATH), " +
                             std::to_string(result.problems.errors.size()) + " error(s):\n" +
                             describe_problems(result.problems.errors, "error"));
  }
  logger.info("registry", "registry loaded",
              {{"path", path},
               {"version", result.registry->version},
               {"features", result.registry->features.size()},
               {"warnings", result.problems.warnings.size()}});
  return std::move(result.registry);
}

}  // namespace fsvc::app
