#pragma once

#include <stdexcept>

#include "core/registry/feature_spec.hpp"

namespace fsvc {

// The live engine's side of an activation (registry.md §4): from the next grid boundary every
// symbol computes `registry`. Throws RegistrySwitchFailed, saying why, when the engine cannot
// switch (it then keeps computing the registry it had).
class RegistrySwitch {
 public:
  virtual ~RegistrySwitch() = default;
  virtual void switch_to(const FeatureRegistry& registry) = 0;
};

class RegistrySwitchFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fsvc
