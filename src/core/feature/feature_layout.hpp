#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/feature/feature_id.hpp"
#include "core/registry/feature_spec.hpp"

namespace fsvc {

// A vector holds at most this many features: its values live inline, so computing and copying a
// vector never allocates. A registry with more features is refused by the engine.
inline constexpr std::size_t kMaxFeatures = 128;

// What a vector's slots mean: the keys of one registry version in registry order, which of them
// are published as integers, and where the 1.0.0 features (FeatureId) sit, if present. Immutable
// and shared by every vector computed under that registry.
struct FeatureLayout {
  std::string version;
  std::vector<std::string> names;
  std::vector<bool> integer;  // published as an integer (a count, not normalized)
  std::array<std::int16_t, kFeatureCount> builtin_slot{};  // FeatureId -> slot, -1 when absent

  std::size_t size() const { return names.size(); }
  std::optional<std::size_t> slot_of(std::string_view name) const;

  // Throws std::invalid_argument (naming the version) beyond kMaxFeatures.
  static std::shared_ptr<const FeatureLayout> of(const FeatureRegistry& registry);
};

// The layout of registry 1.0.0: what a vector without a layout (built by hand) holds.
const FeatureLayout& builtin_layout();

}  // namespace fsvc
