#include "core/feature/feature_id.hpp"

namespace fsvc {

std::optional<FeatureId> feature_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kFeatureCount; ++i) {
    if (kFeatureNames[i] == name) return static_cast<FeatureId>(i);
  }
  return std::nullopt;
}

}  // namespace fsvc
