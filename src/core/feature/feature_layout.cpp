#include "core/feature/feature_layout.hpp"

#include <stdexcept>

#include "core/registry/builtin_registry.hpp"

namespace fsvc {
namespace {

// Counts stay integers unless something may turn them into fractions.
bool published_as_integer(const FeatureSpec& spec) {
  if (spec.family != FeatureFamily::trade_count) return false;
  if (spec.normalization.kind != Normalization::Kind::none) return false;
  const double v = spec.missing.value;
  return spec.missing.kind != MissingPolicy::Kind::constant ||
         v == static_cast<double>(static_cast<long long>(v));
}

FeatureLayout make_layout(const FeatureRegistry& registry) {
  if (registry.features.size() > kMaxFeatures) {
    throw std::invalid_argument("feature registry " + registry.version + " has " +
                                std::to_string(registry.features.size()) + " features; at most " +
                                std::to_string(kMaxFeatures) + " are supported");
  }
  FeatureLayout layout;
  layout.version = registry.version;
  for (const FeatureSpec& spec : registry.features) {
    layout.names.push_back(spec.name);
    layout.integer.push_back(published_as_integer(spec));
  }
  for (std::size_t id = 0; id < kFeatureCount; ++id) {
    const auto slot = layout.slot_of(kFeatureNames[id]);
    layout.builtin_slot[id] = slot ? static_cast<std::int16_t>(*slot) : std::int16_t{-1};
  }
  return layout;
}

}  // namespace

std::optional<std::size_t> FeatureLayout::slot_of(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  return std::nullopt;
}

std::shared_ptr<const FeatureLayout> FeatureLayout::of(const FeatureRegistry& registry) {
  return std::make_shared<const FeatureLayout>(make_layout(registry));
}

const FeatureLayout& builtin_layout() {
  static const FeatureLayout layout = make_layout(builtin_registry());  // an immutable constant
  return layout;
}

}  // namespace fsvc
