#pragma once

#include <string>

#include "core/registry/feature_spec.hpp"

namespace fsvc::app {

// The registry an offline command computes (`--registry-file PATH`): the validated registry of
// that YAML file. Throws std::invalid_argument listing the file's problems.
FeatureRegistry registry_from_file(const std::string& path);

}  // namespace fsvc::app
