#include "core/registry/feature_entry.hpp"

#include "core/registry/document_fields.hpp"
#include "core/registry/feature_family.hpp"
#include "core/registry/feature_name.hpp"
#include "core/registry/value_policies.hpp"

namespace fsvc {

namespace {

// Volatility is the deviation of 1-second returns: it needs two of them inside the window.
constexpr Duration kShortestUsefulVolatility = 2 * kMicrosPerSecond;

// The name, or the entry's position when the name is missing or not a string.
std::string label_of(const DocumentNode& entry, std::size_t index) {
  const DocumentNode* name = entry.find("name");
  if (name && name->kind == DocumentNode::Kind::scalar && !name->text.empty()) return name->text;
  return entry_label(index);
}

class FeatureEntryReader {
 public:
  FeatureEntryReader(const DocumentNode& entry, std::size_t index, const RegistryLimits& limits,
                     RegistryProblems& problems)
      : entry_(entry), limits_(limits), scope_(problems, label_of(entry, index)) {}

  std::optional<FeatureSpec> read() {
    const std::optional<FeatureNameParts> parts = name();
    if (parts) check_parameter(*parts);
    const std::optional<Duration> lookback = lookback_window(parts);
    check_lookahead_forbidden();
    check_max_lookback_days(lookback ? lookback : window_of(parts));
    if (parts) check_input_sources(parts->family);
    const auto normalization = optional_field("normalization", read_normalization, Normalization{});
    const auto missing = optional_field("missing", read_missing_policy, MissingPolicy{});
    scope_.warn_unknown_keys(entry_,
                             {"name", "input_sources", "lookback_window", "lookahead_forbidden",
                              "max_lookback_days", "data_sources", "description", "normalization", "missing"},
                             "");
    if (scope_.failed() || !parts || !normalization || !missing) return std::nullopt;
    return FeatureSpec{scope_.feature(), parts->family,  parts->window,
                       parts->depth,     *normalization, *missing};
  }

 private:
  static std::optional<Duration> window_of(const std::optional<FeatureNameParts>& parts) {
    if (!parts || parts->window == 0) return std::nullopt;
    return parts->window;
  }

  std::optional<FeatureNameParts> name() {
    const DocumentNode* name = entry_.find("name");
    if (!name) {
      scope_.error("name", "missing", entry_);
      return std::nullopt;
    }
    const auto text = scope_.text("name", *name);
    if (!text) return std::nullopt;
    FeatureNameParse parse = parse_feature_name(*text);
    if (!parse.parts) scope_.error("name", std::move(parse.error), *name);
    return parse.parts;
  }

  // The window or depth in the name against what the engine keeps.
  void check_parameter(const FeatureNameParts& parts) {
    const DocumentNode& at = *entry_.find("name");
    if (parts.window > limits_.max_lookback) {
      scope_.error("name",
                   "window " + format_duration(parts.window) + " is longer than the engine keeps " +
                       "(FEATURE_SERVICE_MAX_LOOKBACK=" + format_duration(limits_.max_lookback) + ")",
                   at);
    }
    if (parts.depth > limits_.max_depth) {
      scope_.error("name",
                   "depth " + std::to_string(parts.depth) + " is beyond the " +
                       std::to_string(limits_.max_depth) + " book levels the engine keeps",
                   at);
    }
    if (parts.family == FeatureFamily::volatility && parts.window < kShortestUsefulVolatility) {
      scope_.warning("name",
                     "a volatility window under 2s holds fewer than 2 one-second returns: always null", at);
    }
  }

  // Required for windowed features, where it must equal the name's window; informational otherwise.
  std::optional<Duration> lookback_window(const std::optional<FeatureNameParts>& parts) {
    const DocumentNode* value = entry_.find("lookback_window");
    const std::optional<Duration> window = window_of(parts);
    if (!value) {
      if (window)
        scope_.error("lookback_window", "missing (the name says " + format_duration(*window) + ")", entry_);
      return std::nullopt;
    }
    const auto lookback = scope_.duration("lookback_window", *value, !window.has_value());
    if (lookback && window && *lookback != *window) {
      scope_.error("lookback_window",
                   format_duration(*lookback) + " disagrees with the window " + format_duration(*window) +
                       " in the name",
                   *value);
    }
    return lookback;
  }

  // The registry's leakage guard: a feature must declare that it never looks past t.
  void check_lookahead_forbidden() {
    const DocumentNode* value = entry_.find("lookahead_forbidden");
    if (!value) {
      scope_.error("lookahead_forbidden", "missing; must be true (no feature may look past t)", entry_);
      return;
    }
    const auto forbidden = scope_.boolean("lookahead_forbidden", *value);
    if (forbidden == false)
      scope_.error("lookahead_forbidden", "must be true (no feature may look past t)", *value);
  }

  void check_max_lookback_days(std::optional<Duration> lookback) {
    const DocumentNode* value = entry_.find("max_lookback_days");
    if (!value) return;
    const auto days = scope_.number("max_lookback_days", *value);
    if (!days) return;
    if (*days <= 0.0) {
      scope_.error("max_lookback_days", "must be > 0, got " + value->text, *value);
    } else if (lookback && static_cast<double>(*lookback) > *days * static_cast<double>(kMicrosPerDay)) {
      scope_.error(
          "max_lookback_days",
          "lookback " + format_duration(*lookback) + " is longer than max_lookback_days " + value->text,
          *value);
    }
  }

  // Informational, so a difference is a warning: the family fixes what is read.
  void check_input_sources(FeatureFamily family) {
    const DocumentNode* value = entry_.find("input_sources");
    if (!value) return;
    if (value->kind != DocumentNode::Kind::sequence) {
      scope_.warning("input_sources", "expected a list such as [trades], got " + describe_value(*value),
                     *value);
      return;
    }
    InputSources declared = 0;
    for (const DocumentNode& item : value->children) {
      const auto source =
          item.kind == DocumentNode::Kind::scalar ? parse_input_source(item.text) : std::nullopt;
      if (!source) {
        scope_.warning("input_sources",
                       "expected orderbook, trades, ticker, kline or funding, got " + describe_value(item),
                       item);
        return;
      }
      declared = static_cast<InputSources>(declared | source_bit(*source));
    }
    const FamilyTraits& traits = traits_of(family);
    if (declared != traits.reads) {
      scope_.warning("input_sources",
                     "declares " + format_input_sources(declared) + " but " + std::string(traits.name) +
                         " reads " + format_input_sources(traits.reads),
                     *value);
    }
  }

  template <typename Policy>
  std::optional<Policy> optional_field(std::string_view key,
                                       std::optional<Policy> (*read)(const DocumentNode&, ProblemScope&),
                                       Policy absent) {
    const DocumentNode* value = entry_.find(key);
    return value ? read(*value, scope_) : absent;
  }

  const DocumentNode& entry_;
  const RegistryLimits& limits_;
  ProblemScope scope_;
};

}  // namespace

std::string entry_label(std::size_t index) {
  return "features[" + std::to_string(index) + "]";
}

std::optional<FeatureSpec> read_feature_entry(const DocumentNode& entry, std::size_t index,
                                              const RegistryLimits& limits, RegistryProblems& problems) {
  if (entry.kind != DocumentNode::Kind::mapping) {
    ProblemScope(problems, entry_label(index))
        .error("", "expected a mapping with name, lookback_window, ..., got " + describe_value(entry), entry);
    return std::nullopt;
  }
  return FeatureEntryReader(entry, index, limits, problems).read();
}

}  // namespace fsvc
