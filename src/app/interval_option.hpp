#pragma once

#include <string>

#include "core/engine/engine_config.hpp"

namespace fsvc::app {

// The engine configuration for an offline command's grid interval ("1s", "500ms", "5s"): that
// interval drives emission, and the default coarser intervals (3s, 15s, 1m) that are multiples
// of it keep tagging their boundaries. Throws std::invalid_argument naming `option` otherwise.
EngineConfig engine_config_for_interval(const std::string& text, const std::string& option);

}  // namespace fsvc::app
