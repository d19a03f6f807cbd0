#include "core/registry/document_fields.hpp"

#include <algorithm>

namespace fsvc {

namespace {

RegistryProblem problem(const std::string& feature, std::string_view field, std::string message,
                        const DocumentNode& at) {
  return RegistryProblem{feature, std::string(field), std::move(message), at.line};
}

std::string got(const DocumentNode& value) {
  return ", got " + describe_value(value);
}

// "0", "00s", "0ms": a zero written with or without one of the duration units.
bool is_zero_duration(std::string_view text) {
  const std::size_t digits = text.find_first_not_of('0');
  if (digits == 0) return false;
  if (digits == std::string_view::npos) return true;
  return parse_duration("1" + std::string(text.substr(digits))).has_value();
}

}  // namespace

void ProblemScope::error(std::string_view field, std::string message, const DocumentNode& at) {
  problems_.errors.push_back(problem(feature_, field, std::move(message), at));
}

void ProblemScope::warning(std::string_view field, std::string message, const DocumentNode& at) {
  problems_.warnings.push_back(problem(feature_, field, std::move(message), at));
}

std::optional<std::string> ProblemScope::text(std::string_view field, const DocumentNode& value) {
  if (value.kind == DocumentNode::Kind::scalar) return value.text;
  error(field, "expected a string" + got(value), value);
  return std::nullopt;
}

std::optional<double> ProblemScope::number(std::string_view field, const DocumentNode& value) {
  if (auto n = as_number(value)) return n;
  error(field, "expected a finite number" + got(value), value);
  return std::nullopt;
}

std::optional<bool> ProblemScope::boolean(std::string_view field, const DocumentNode& value) {
  if (auto b = as_bool(value)) return b;
  error(field, "expected true or false" + got(value), value);
  return std::nullopt;
}

std::optional<Duration> ProblemScope::duration(std::string_view field, const DocumentNode& value,
                                               bool zero_allowed) {
  if (value.kind == DocumentNode::Kind::scalar) {
    if (auto d = parse_duration(value.text)) return d;
    if (zero_allowed && is_zero_duration(value.text)) return Duration{0};
  }
  error(field, "expected a duration such as 500ms, 30s, 5m or 1h" + got(value), value);
  return std::nullopt;
}

void ProblemScope::warn_unknown_keys(const DocumentNode& mapping,
                                     std::initializer_list<std::string_view> known, std::string_view prefix) {
  for (std::size_t i = 0; i < mapping.keys.size(); ++i) {
    const std::string& key = mapping.keys[i];
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    warning(std::string(prefix) + key, "unknown key, ignored", mapping.children[i]);
  }
}

}  // namespace fsvc
