#include "core/registry/value_policies.hpp"

#include <array>
#include <charconv>

namespace fsvc {

namespace {

constexpr std::string_view kNormalization = "normalization";
constexpr std::string_view kMissing = "missing";

bool is_null(const DocumentNode& node) {
  return node.kind == DocumentNode::Kind::null_value;
}

std::string field_name(std::string_view parent, std::string_view key) {
  return std::string(parent) + "." + std::string(key);
}

// The value under `key` of `mapping` as a number; reports a missing or non-numeric value.
std::optional<double> required_number(const DocumentNode& mapping, std::string_view parent,
                                      std::string_view key, std::string_view kind, ProblemScope& scope) {
  const DocumentNode* value = mapping.find(key);
  if (!value) {
    scope.error(field_name(parent, key), std::string(kind) + " needs " + std::string(key), mapping);
    return std::nullopt;
  }
  return scope.number(field_name(parent, key), *value);
}

// The kind named by a scalar (`normalization: none`) or by a mapping's `key` (`{type: z_score}`);
// a YAML null spells the `null` policy. Empty when there is none, with the error reported.
std::string kind_of(const DocumentNode& value, std::string_view parent, std::string_view key,
                    ProblemScope& scope) {
  if (value.kind == DocumentNode::Kind::scalar) return value.text;
  if (value.kind != DocumentNode::Kind::mapping) {
    scope.error(parent, "expected a mapping with " + std::string(key) + ", got " + describe_value(value),
                value);
    return {};
  }
  const DocumentNode* kind = value.find(key);
  if (!kind) {
    scope.error(field_name(parent, key), "missing", value);
    return {};
  }
  if (is_null(*kind)) return "null";
  return scope.text(field_name(parent, key), *kind).value_or("");
}

std::optional<Normalization> z_score(const DocumentNode& value, ProblemScope& scope) {
  const auto mean = required_number(value, kNormalization, "mean", "z_score", scope);
  const auto std = required_number(value, kNormalization, "std", "z_score", scope);
  if (!mean || !std) return std::nullopt;
  if (*std <= 0.0) {
    scope.error("normalization.std", "must be > 0, got " + value.find("std")->text, *value.find("std"));
    return std::nullopt;
  }
  scope.warn_unknown_keys(value, {"type", "mean", "std"}, "normalization.");
  return Normalization{Normalization::Kind::z_score, *mean, *std, 0.0, 1.0};
}

std::optional<Normalization> min_max(const DocumentNode& value, ProblemScope& scope) {
  const auto min = required_number(value, kNormalization, "min", "min_max", scope);
  const auto max = required_number(value, kNormalization, "max", "min_max", scope);
  if (!min || !max) return std::nullopt;
  if (*min >= *max) {
    scope.error(
        "normalization",
        "min_max needs min < max, got min " + value.find("min")->text + " and max " + value.find("max")->text,
        value);
    return std::nullopt;
  }
  scope.warn_unknown_keys(value, {"type", "min", "max"}, "normalization.");
  return Normalization{Normalization::Kind::min_max, 0.0, 1.0, *min, *max};
}

std::optional<MissingPolicy> forward_fill(const DocumentNode& value, ProblemScope& scope) {
  const DocumentNode* max_age = value.find("max_age");
  if (!max_age) {
    scope.error("missing.max_age", "forward_fill needs max_age (how long a value may be carried)", value);
    return std::nullopt;
  }
  const auto age = scope.duration("missing.max_age", *max_age, false);
  if (!age) return std::nullopt;
  scope.warn_unknown_keys(value, {"policy", "max_age"}, "missing.");
  return MissingPolicy{MissingPolicy::Kind::forward_fill, *age, 0.0};
}

std::optional<MissingPolicy> constant(const DocumentNode& value, ProblemScope& scope) {
  const auto number = required_number(value, kMissing, "value", "constant", scope);
  if (!number) return std::nullopt;
  scope.warn_unknown_keys(value, {"policy", "value"}, "missing.");
  return MissingPolicy{MissingPolicy::Kind::constant, 0, *number};
}

std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return error == std::errc{} ? std::string(buffer.data(), end) : "?";
}

}  // namespace

std::optional<Normalization> read_normalization(const DocumentNode& value, ProblemScope& scope) {
  if (is_null(value)) return Normalization{};
  const std::string kind = kind_of(value, kNormalization, "type", scope);
  if (kind == "none") {
    if (value.kind == DocumentNode::Kind::mapping) scope.warn_unknown_keys(value, {"type"}, "normalization.");
    return Normalization{};
  }
  if (kind == "z_score" || kind == "min_max") {
    if (value.kind != DocumentNode::Kind::mapping) {
      scope.error(kNormalization, kind + " needs its parameters, e.g. {type: " + kind + ", ...}", value);
      return std::nullopt;
    }
    return kind == "z_score" ? z_score(value, scope) : min_max(value, scope);
  }
  if (!kind.empty())
    scope.error("normalization.type", "'" + kind + "' is not none, z_score or min_max", value);
  return std::nullopt;
}

std::optional<MissingPolicy> read_missing_policy(const DocumentNode& value, ProblemScope& scope) {
  if (is_null(value)) return MissingPolicy{};
  const std::string kind = kind_of(value, kMissing, "policy", scope);
  if (kind == "null") {
    if (value.kind == DocumentNode::Kind::mapping) scope.warn_unknown_keys(value, {"policy"}, "missing.");
    return MissingPolicy{};
  }
  if (kind == "forward_fill" || kind == "constant") {
    if (value.kind != DocumentNode::Kind::mapping) {
      scope.error(kMissing, kind + " needs its parameters, e.g. {policy: " + kind + ", ...}", value);
      return std::nullopt;
    }
    return kind == "forward_fill" ? forward_fill(value, scope) : constant(value, scope);
  }
  if (!kind.empty())
    scope.error("missing.policy", "'" + kind + "' is not null, forward_fill or constant", value);
  return std::nullopt;
}

std::string describe(const Normalization& normalization) {
  switch (normalization.kind) {
    case Normalization::Kind::none:
      return "none";
    case Normalization::Kind::z_score:
      return "z_score(mean=" + number_text(normalization.mean) + ", std=" + number_text(normalization.std) +
             ")";
    case Normalization::Kind::min_max:
      return "min_max(min=" + number_text(normalization.min) + ", max=" + number_text(normalization.max) +
             ")";
  }
  return "?";
}

std::string describe(const MissingPolicy& missing) {
  switch (missing.kind) {
    case MissingPolicy::Kind::null_value:
      return "null";
    case MissingPolicy::Kind::forward_fill:
      return "forward_fill(max_age=" + format_duration(missing.max_age) + ")";
    case MissingPolicy::Kind::constant:
      return "constant(value=" + number_text(missing.value) + ")";
  }
  return "?";
}

}  // namespace fsvc
