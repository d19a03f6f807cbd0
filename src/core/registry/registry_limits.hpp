#pragma once

#include <cstddef>

#include "core/feature/feature_layout.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// What the engine can keep, against which a registry is validated (registry.md §2).
struct RegistryLimits {
  Duration max_lookback = kMicrosPerHour;   // FEATURE_SERVICE_MAX_LOOKBACK: the longest window
  int max_depth = 50;                       // the book levels the engine keeps per side
  std::size_t max_features = kMaxFeatures;  // what a vector holds; a registry beyond it is refused
  // FEATURE_SERVICE_MAX_STATE_MB: the engine state per symbol a registry may need (estimate_state_bytes); 0:
  // any.
  std::size_t max_state_bytes = 0;
};

}  // namespace fsvc
