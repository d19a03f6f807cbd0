#include "app/registry_file.hpp"

#include <stdexcept>

namespace fsvc::app {

// The YAML loader (registry::load_file) lives on the `registry` branch; until it is merged here a
// registry file cannot be read, and saying so beats computing another registry than asked for.
FeatureRegistry registry_from_file(const std::string& path) {
  throw std::invalid_argument("--registry-file " + path +
                              ": reading a registry file needs the YAML loader, " +
                              "which this build does not have yet");
}

}  // namespace fsvc::app
