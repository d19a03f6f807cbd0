#include "core/registry/feature_name.hpp"

#include <charconv>

#include "core/registry/feature_family.hpp"

namespace fsvc {

namespace {

constexpr std::string_view kDepthMarker = "_top";
constexpr int kLargestDepth = 1'000'000;  // beyond any book; the kept depth is checked by validation

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

FeatureNameParse window_feature(const FamilyTraits& family, std::string_view name) {
  if (name == family.name) {
    if (family.default_window > 0) return {FeatureNameParts{family.family, family.default_window, 0}, {}};
    return {std::nullopt, quoted(name) + " needs a window, e.g. " + std::string(family.name) + "_30s"};
  }
  const std::string_view suffix = name.substr(family.name.size() + 1);
  const auto window = parse_duration(suffix);
  if (!window) {
    return {std::nullopt,
            quoted(suffix) + " in " + quoted(name) + " is not a window such as 500ms, 30s, 5m or 1h"};
  }
  return {FeatureNameParts{family.family, *window, 0}, {}};
}

FeatureNameParse depth_feature(const FamilyTraits& family, std::string_view name) {
  const std::string_view digits = name.substr(family.name.size() + kDepthMarker.size());
  int depth = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), depth);
  if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || depth < 1 ||
      depth > kLargestDepth) {
    return {std::nullopt, quoted(digits) + " in " + quoted(name) + " is not a book depth such as 5 or 20"};
  }
  return {FeatureNameParts{family.family, 0, depth}, {}};
}

bool starts_with_family(std::string_view name, const FamilyTraits& family, std::string_view separator) {
  return name.size() > family.name.size() + separator.size() && name.starts_with(family.name) &&
         name.substr(family.name.size()).starts_with(separator);
}

std::string known_families() {
  std::string out;
  for (const FamilyTraits& family : all_families()) {
    out += out.empty() ? "" : ", ";
    out += family.name;
    if (family.parameter == FamilyParameter::window) out += "_<window>";
    if (family.parameter == FamilyParameter::depth) out += "_top<N>";
  }
  return out;
}

}  // namespace

FeatureNameParse parse_feature_name(std::string_view name) {
  for (const FamilyTraits& family : all_families()) {
    switch (family.parameter) {
      case FamilyParameter::none:
        if (name == family.name) return {FeatureNameParts{family.family, 0, 0}, {}};
        break;
      case FamilyParameter::window:
        if (name == family.name || starts_with_family(name, family, "_")) return window_feature(family, name);
        break;
      case FamilyParameter::depth:
        if (starts_with_family(name, family, kDepthMarker)) return depth_feature(family, name);
        break;
    }
  }
  return {std::nullopt, quoted(name) + " is no known feature family (" + known_families() + ")"};
}

}  // namespace fsvc
