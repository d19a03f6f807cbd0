#pragma once

#include <memory>
#include <string>

#include "adapters/config/service_config.hpp"
#include "adapters/observability/json_logger.hpp"
#include "adapters/registry/registry_versions.hpp"
#include "adapters/registry/vector_usage.hpp"
#include "core/registry/registry_limits.hpp"

namespace fsvc::app {

// Where `serve` reads the registry when FEATURE_REGISTRY_PATH is unset (relative to the working
// directory, as scripts/run.sh runs from the project root).
inline constexpr const char* kDefaultRegistryPath = "config/feature_registry.yaml";

// FEATURE_SERVICE_MAX_LOOKBACK and the book depth the engine keeps, as validation takes them.
RegistryLimits registry_limits_from(const config::ServiceConfig& config);

// The registry file of `serve`: FEATURE_REGISTRY_PATH, else kDefaultRegistryPath when that file
// exists, else empty (the built-in 1.0.0, and reload has no file).
std::string registry_path(const config::ServiceConfig& config);

// The registry versions of `serve` on its metadata store, started (registry.md §4: a new valid
// file is recorded and activated, an invalid one recorded with its errors, and the store's active
// version is what the engine computes), with what start-up found logged. Throws, listing the
// file's errors, when nothing valid can run.
std::unique_ptr<registry::RegistryVersions> start_registry_versions(const config::ServiceConfig& config,
                                                                    MetadataStore& store, const Clock& clock,
                                                                    const obs::JsonLogger& logger,
                                                                    const registry::VectorUsage& usage);

// SIGHUP: reload the registry file as POST /feature-registry/reload does, logging the outcome.
void reload_registry_on_signal(registry::RegistryVersions& versions, const obs::JsonLogger& logger);

}  // namespace fsvc::app
