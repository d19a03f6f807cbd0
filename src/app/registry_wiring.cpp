#include "app/registry_wiring.hpp"

#include <filesystem>

namespace fsvc::app {

RegistryLimits registry_limits_from(const config::ServiceConfig& config) {
  RegistryLimits limits;
  limits.max_lookback = config.max_lookback;
  limits.max_state_bytes = config.max_state_mib << 20;
  return limits;
}

std::string registry_path(const config::ServiceConfig& config) {
  if (!config.feature_registry_path.empty()) return config.feature_registry_path;
  std::error_code ignored;
  return std::filesystem::exists(kDefaultRegistryPath, ignored) ? kDefaultRegistryPath : "";
}

std::unique_ptr<registry::RegistryVersions> start_registry_versions(const config::ServiceConfig& config,
                                                                    MetadataStore& store, const Clock& clock,
                                                                    const obs::JsonLogger& logger,
                                                                    const registry::VectorUsage& usage) {
  registry::RegistryVersionsOptions options;
  options.file = registry_path(config);
  options.limits = registry_limits_from(config);
  options.computations = [&usage](const std::string& version) { return usage.last_24h(version); };
  auto versions = std::make_unique<registry::RegistryVersions>(store, clock, std::move(options));
  const registry::RegistryStartup startup = versions->start({"startup", "service start-up"});
  const std::string file = registry_path(config);
  for (const std::string& warning : startup.warnings) {
    logger.warn("registry", "registry warning", {{"path", file}, {"warning", warning}});
  }
  for (const std::string& change : startup.breaking_changes) {
    logger.warn("registry", "breaking change activated from the file", {{"path", file}, {"change", change}});
  }
  logger.info("registry", "registry active",
              {{"path", file.empty() ? std::string("built-in") : file},
               {"version", startup.registry.version},
               {"features", startup.registry.features.size()}});
  return versions;
}

void reload_registry_on_signal(registry::RegistryVersions& versions, const obs::JsonLogger& logger) {
  try {
    const RegistryLoadReport report = versions.reload({"SIGHUP", "registry file reloaded on SIGHUP"});
    for (const std::string& warning : report.warnings)
      logger.warn("registry", "registry warning", {{"warning", warning}});
    logger.info("registry",
                report.activated ? "registry reloaded and activated" : "registry reloaded, unchanged",
                {{"version", report.record.version}});
  } catch (const RegistryRefusal& refused) {
    std::string problems;
    for (const std::string& problem : refused.problems())
      problems += (problems.empty() ? "" : "; ") + problem;
    logger.error(
        "registry", "registry reload refused: nothing changed",
        {{"error", refused.code()}, {"message", std::string(refused.what())}, {"problems", problems}});
  } catch (const std::exception& e) {
    logger.error("registry", "registry reload failed: nothing changed", {{"error", std::string(e.what())}});
  }
}

}  // namespace fsvc::app
