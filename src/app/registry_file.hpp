#pragma once

#include <string>

#include "adapters/config/service_config.hpp"
#include "core/registry/feature_spec.hpp"

namespace fsvc::app {

// The registry an offline command computes (`--registry-file PATH`): the validated registry of
// that YAML file. Throws std::invalid_argument listing the file's problems.
FeatureRegistry registry_from_file(const std::string& path);

// The registry an offline command computes (`--registry V`): version V's definition in the metadata
// store the service uses (POSTGRES_HOST, else the SQLite file). Throws std::invalid_argument naming
// the versions the store has when V is not one of them, or listing V's recorded errors.
FeatureRegistry registry_from_store(const std::string& version, const config::ServiceConfig& config);

}  // namespace fsvc::app
