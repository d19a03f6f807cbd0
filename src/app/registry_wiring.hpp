#pragma once

#include <optional>
#include <string>

#include "adapters/config/service_config.hpp"
#include "adapters/observability/json_logger.hpp"
#include "core/registry/feature_spec.hpp"
#include "core/registry/registry_limits.hpp"

namespace fsvc::app {

// Where `serve` reads the registry when FEATURE_REGISTRY_PATH is unset (relative to the working
// directory, as scripts/run.sh runs from the project root).
inline constexpr const char* kDefaultRegistryPath = "config/feature_registry.yaml";

// FEATURE_SERVICE_MAX_LOOKBACK and the book depth the engine keeps, as validation takes them.
RegistryLimits registry_limits_from(const config::ServiceConfig& config);

// The registry `serve` starts with: FEATURE_REGISTRY_PATH, else kDefaultRegistryPath when that
// file exists, else nullopt (the engine's built-in 1.0.0). Warnings are logged; an invalid or
// unreadable file throws with every error listed, so start-up fails before anything runs.
std::optional<FeatureRegistry> load_startup_registry(const config::ServiceConfig& config,
                                                     const obs::JsonLogger& logger);

}  // namespace fsvc::app
