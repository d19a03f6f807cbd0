#pragma once

#include "core/registry/feature_spec.hpp"

namespace fsvc {

// Registry version 1.0.0 (features.md §3): the 29 feature keys in their published order, without
// normalization, nulls kept. What the engine computes when no registry is configured; the shipped
// config/feature_registry.yaml describes the same registry.
FeatureRegistry builtin_registry();

}  // namespace fsvc
