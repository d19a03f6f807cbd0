#include "core/registry/feature_naming.hpp"

#include "core/registry/feature_family.hpp"

namespace fsvc {

std::string_view family_name(FeatureFamily family) {
  return traits_of(family).name;
}

bool is_windowed(FeatureFamily family) {
  return traits_of(family).parameter == FamilyParameter::window;
}

bool is_depth(FeatureFamily family) {
  return traits_of(family).parameter == FamilyParameter::depth;
}

FeatureSpec make_feature(FeatureFamily family, Duration window, int depth) {
  FeatureSpec spec;
  spec.family = family;
  spec.name = family_name(family);
  if (is_windowed(family)) {
    spec.window = window;
    spec.name += "_" + format_duration(window);
  } else if (is_depth(family)) {
    spec.depth = depth;
    spec.name += "_top" + std::to_string(depth);
  }
  return spec;
}

}  // namespace fsvc
