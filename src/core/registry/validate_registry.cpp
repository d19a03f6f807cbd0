#include "core/registry/validate_registry.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/registry/document_fields.hpp"
#include "core/registry/feature_entry.hpp"

namespace fsvc {

namespace {

// The versions table keys on VARCHAR(50), and versions appear in URL paths.
constexpr std::size_t kLongestVersion = 50;

bool is_version_text(std::string_view text) {
  const auto allowed = [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '-' || c == '_' || c == '+';
  };
  return !text.empty() && text.size() <= kLongestVersion && std::all_of(text.begin(), text.end(), allowed);
}

std::optional<std::string> read_version(const DocumentNode& document, ProblemScope& scope) {
  const DocumentNode* value = document.find("version");
  if (!value) {
    scope.error("version", "missing (e.g. version: \"1.1.0\")", document);
    return std::nullopt;
  }
  auto version = scope.text("version", *value);
  if (version && !is_version_text(*version)) {
    scope.error("version",
                "'" + *version + "' is not a version: 1-50 letters, digits and . - _ + (e.g. \"1.1.0\")",
                *value);
    return std::nullopt;
  }
  return version;
}

const DocumentNode* features_of(const DocumentNode& document, const RegistryLimits& limits,
                                ProblemScope& scope) {
  const DocumentNode* features = document.find("features");
  if (!features) {
    scope.error("features", "missing (a list of features)", document);
    return nullptr;
  }
  if (features->kind != DocumentNode::Kind::sequence) {
    scope.error("features", "expected a list of features, got " + describe_value(*features), *features);
    return nullptr;
  }
  if (features->children.empty())
    scope.error("features", "empty: a registry defines at least one feature", *features);
  if (features->children.size() > limits.max_features) {
    scope.error("features",
                std::to_string(features->children.size()) + " features, more than the limit of " +
                    std::to_string(limits.max_features),
                *features);
    return nullptr;
  }
  return features;
}

// Every name once: vectors are keyed by name.
void check_uniqueness(const DocumentNode& features, RegistryProblems& problems) {
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < features.children.size(); ++i) {
    const DocumentNode* name = features.children[i].find("name");
    if (!name || name->kind != DocumentNode::Kind::scalar) continue;
    const auto [first, inserted] = by_name.emplace(name->text, i);
    if (!inserted) {
      ProblemScope(problems, name->text)
          .error("name", "duplicate: " + entry_label(i) + " repeats " + entry_label(first->second), *name);
    }
  }
}

// A second name for the same computation (returns_60s beside returns_1m) only costs: a warning.
// `specs` are the valid document's features, in order.
void check_same_definitions(const std::vector<FeatureSpec>& specs, const DocumentNode& features,
                            RegistryProblems& problems) {
  std::map<std::tuple<FeatureFamily, Duration, int>, std::string> seen;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const FeatureSpec& spec = specs[i];
    const auto [first, inserted] = seen.emplace(std::tuple(spec.family, spec.window, spec.depth), spec.name);
    if (!inserted) {
      ProblemScope(problems, spec.name)
          .warning("name", "computes the same as " + first->second, *features.children[i].find("name"));
    }
  }
}

}  // namespace

RegistryValidation validate_registry(const DocumentNode& document, const RegistryLimits& limits) {
  RegistryValidation result;
  ProblemScope scope(result.problems, "");
  if (document.kind != DocumentNode::Kind::mapping) {
    scope.error("", "expected a mapping with version and features, got " + describe_value(document),
                document);
    return result;
  }
  const std::optional<std::string> version = read_version(document, scope);
  const DocumentNode* features = features_of(document, limits, scope);
  scope.warn_unknown_keys(document, {"version", "description", "features"}, "");
  if (!features) return result;
  std::vector<FeatureSpec> specs;
  for (std::size_t i = 0; i < features->children.size(); ++i) {
    if (auto spec = read_feature_entry(features->children[i], i, limits, result.problems)) {
      specs.push_back(std::move(*spec));
    }
  }
  check_uniqueness(*features, result.problems);
  if (result.problems.errors.empty()) {
    check_same_definitions(specs, *features, result.problems);
    result.registry = FeatureRegistry{*version, std::move(specs)};
  }
  return result;
}

}  // namespace fsvc
