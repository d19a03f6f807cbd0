#include "core/dataset/parse_dataset_request.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string_view>

#include "core/types/symbol_name.hpp"

namespace fsvc::dataset {

namespace {

using Kind = FieldValue::Kind;

constexpr std::array<std::string_view, 17> kTopFields = {"symbol",
                                                         "split_strategy",
                                                         "train_period_start",
                                                         "train_period_end",
                                                         "validation_period_start",
                                                         "validation_period_end",
                                                         "test_period_start",
                                                         "test_period_end",
                                                         "walk_forward_config",
                                                         "random_config",
                                                         "target_config",
                                                         "interval",
                                                         "embargo",
                                                         "feature_registry_version",
                                                         "data_leakage_check",
                                                         "output_format",
                                                         "missing_rows"};
constexpr std::array<std::string_view, 7> kWalkForwardFields = {
    "train_window_days", "validation_window_days", "step_days",       "start_date",
    "end_date",          "min_train_samples",      "test_window_days"};
constexpr std::array<std::string_view, 4> kRandomFields = {"train_ratio", "validation_ratio", "test_ratio",
                                                           "seed"};
constexpr std::array<std::string_view, 5> kTargetFields = {"type", "horizon", "threshold",
                                                           "volatility_window", "max_price_staleness"};

constexpr Duration kMaxHorizon = kMicrosPerDay;
constexpr Duration kIntervalQuantum = 100 * kMicrosPerMilli;

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool known_field(std::string_view path) {
  const auto dot = path.find('.');
  if (dot == std::string_view::npos) return listed(kTopFields, path);
  const std::string_view parent = path.substr(0, dot);
  const std::string_view child = path.substr(dot + 1);
  if (parent == "walk_forward_config") return listed(kWalkForwardFields, child);
  if (parent == "random_config") return listed(kRandomFields, child);
  if (parent == "target_config") return listed(kTargetFields, child);
  return false;  // the parent itself is reported
}

// Reads typed fields by name, collecting one problem per bad field. A null value counts as absent.
class FieldReader {
 public:
  FieldReader(const RequestDocument& document, std::vector<std::string>& problems) : problems_(problems) {
    for (const auto& [path, value] : document) {
      if (value.kind != Kind::null_value) fields_.emplace(path, &value);
    }
  }

  bool has(const std::string& path) const { return fields_.count(path) != 0; }

  std::optional<std::string> text(const std::string& path) {
    const FieldValue* value = find(path);
    if (value == nullptr) return std::nullopt;
    if (value->kind != Kind::string) return wrong(path, "a string");
    return value->text;
  }

  std::optional<bool> boolean(const std::string& path) {
    const FieldValue* value = find(path);
    if (value == nullptr) return std::nullopt;
    if (value->kind != Kind::boolean) return wrong(path, "true or false");
    return value->boolean;
  }

  std::optional<double> number(const std::string& path) {
    const FieldValue* value = find(path);
    if (value == nullptr) return std::nullopt;
    if (value->kind != Kind::number || !std::isfinite(value->number)) return wrong(path, "a number");
    return value->number;
  }

  std::optional<std::int64_t> integer(const std::string& path) {
    const FieldValue* value = find(path);
    if (value == nullptr) return std::nullopt;
    if (value->kind != Kind::number || !is_integral(value->number)) return wrong(path, "an integer");
    return static_cast<std::int64_t>(value->number);
  }

  std::optional<Timestamp> time(const std::string& path) {
    const auto value = text(path);
    if (!value) return std::nullopt;
    if (auto t = parse_iso8601(*value)) return t;
    if (value->size() == 10) {
      if (auto day = parse_iso8601(*value + "T00:00:00Z")) return day;
    }
    problems_.push_back(path + " '" + *value +
                        "' is not an ISO-8601 time (e.g. 2025-01-27T10:00:00Z, an offset, or a UTC day)");
    return std::nullopt;
  }

  // Seconds as an integer, or a duration string such as "5m" (datasets.md §1). Zero is allowed
  // only as an integer (an embargo of 0).
  std::optional<Duration> duration(const std::string& path) {
    const FieldValue* value = find(path);
    if (value == nullptr) return std::nullopt;
    if (value->kind == Kind::number && is_integral(value->number) && std::abs(value->number) < 1e12) {
      return static_cast<Duration>(value->number) * kMicrosPerSecond;
    }
    if (value->kind == Kind::string) {
      if (auto d = parse_duration(value->text)) return d;
    }
    return wrong(path, "an integer number of seconds or a duration such as \"5m\"");
  }

  // Fractional days are allowed (0.5 = 12 h); whole microseconds.
  std::optional<Duration> days(const std::string& path) {
    const auto value = number(path);
    if (!value) return std::nullopt;
    if (*value <= 0 || *value > 3650) {
      problems_.push_back(path + " must be > 0 days and at most 3650");
      return std::nullopt;
    }
    return static_cast<Duration>(std::llround(*value * static_cast<double>(kMicrosPerDay)));
  }

  void require(const std::string& path, const std::string& why) {
    if (!has(path)) problems_.push_back(path + " is required " + why);
  }

 private:
  static bool is_integral(double v) { return std::isfinite(v) && std::floor(v) == v && std::abs(v) < 9e15; }

  const FieldValue* find(const std::string& path) const {
    const auto found = fields_.find(path);
    return found == fields_.end() ? nullptr : found->second;
  }

  std::nullopt_t wrong(const std::string& path, const char* expected) {
    problems_.push_back(path + " must be " + expected);
    return std::nullopt;
  }

  std::map<std::string, const FieldValue*, std::less<>> fields_;
  std::vector<std::string>& problems_;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void check_fields(const RequestDocument& document, std::vector<std::string>& problems) {
  for (const auto& [path, value] : document) {
    if (!known_field(path)) {
      const auto dot = path.find('.');
      // A child of an unknown parent is covered by the parent's problem.
      if (dot != std::string::npos && !listed(kTopFields, std::string_view(path).substr(0, dot))) continue;
      problems.push_back("unknown field '" + path + "'");
      continue;
    }
    const bool object_field =
        path == "walk_forward_config" || path == "random_config" || path == "target_config";
    if (object_field && value.kind != Kind::object && value.kind != Kind::null_value) {
      problems.push_back(path + " must be an object");
    }
  }
}

template <typename Enum, std::size_t N>
std::optional<Enum> choice(FieldReader& reader, const std::string& path,
                           const std::array<std::pair<std::string_view, Enum>, N>& names,
                           std::vector<std::string>& problems) {
  const auto value = reader.text(path);
  if (!value) return std::nullopt;
  std::string allowed;
  for (const auto& [name, item] : names) {
    if (name == *value) return item;
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  }
  problems.push_back(path + " '" + *value + "' is not one of " + allowed);
  return std::nullopt;
}

class RequestParser {
 public:
  RequestParser(const RequestDocument& document, const RequestContext& context)
      : context_(context), reader_(document, problems_) {
    check_fields(document, problems_);
  }

  ParsedRequest parse() {
    read_symbol();
    read_strategy();
    read_target();
    read_common();
    if (strategy_) read_periods(*strategy_);
    check_target_against_grid();
    if (!problems_.empty()) return {std::nullopt, std::move(problems_)};
    request_.strategy = *strategy_;
    return {request_, {}};
  }

 private:
  void read_symbol() {
    const auto symbol = reader_.text("symbol");
    if (!reader_.has("symbol")) problems_.push_back("symbol is required");
    if (!symbol) return;
    if (!is_symbol_name(*symbol)) {
      problems_.push_back("symbol '" + *symbol + "' is not a symbol (1-20 of A-Z, 0-9)");
    } else if (!context_.known_symbols.empty() &&
               std::find(context_.known_symbols.begin(), context_.known_symbols.end(), *symbol) ==
                   context_.known_symbols.end()) {
      problems_.push_back("symbol '" + *symbol + "' is unknown (known: " + join(context_.known_symbols) +
                          ")");
    }
    request_.symbol = *symbol;
  }

  void read_strategy() {
    if (!reader_.has("split_strategy")) problems_.push_back("split_strategy is required");
    static constexpr std::array<std::pair<std::string_view, Strategy>, 3> kNames = {
        {{"time_based", Strategy::time_based},
         {"walk_forward", Strategy::walk_forward},
         {"random", Strategy::random}}};
    strategy_ = choice(reader_, "split_strategy", kNames, problems_);
  }

  void read_target() {
    reader_.require("target_config", "(type and horizon of the target)");
    reader_.require("target_config.type", "(regression, classification or risk_adjusted)");
    static constexpr std::array<std::pair<std::string_view, TargetKind>, 3> kNames = {
        {{"regression", TargetKind::regression},
         {"classification", TargetKind::classification},
         {"risk_adjusted", TargetKind::risk_adjusted}}};
    TargetConfig& target = request_.target;
    if (auto kind = choice(reader_, "target_config.type", kNames, problems_)) target.kind = *kind;
    if (auto horizon = reader_.duration("target_config.horizon")) {
      if (*horizon <= 0 || *horizon > kMaxHorizon) {
        problems_.push_back("target_config.horizon must be > 0 and at most 1 day (86400 s)");
      }
      target.horizon = *horizon;
    }
    target.threshold = context_.default_threshold;
    if (auto threshold = reader_.number("target_config.threshold")) {
      if (*threshold <= 0) problems_.push_back("target_config.threshold must be > 0");
      target.threshold = *threshold;
    }
    if (auto window = reader_.duration("target_config.volatility_window")) {
      if (*window < 2 * kMicrosPerSecond || *window > kMaxHorizon) {
        problems_.push_back("target_config.volatility_window must be between 2s and 1 day");
      }
      target.volatility_window = *window;
    }
    if (auto staleness = reader_.duration("target_config.max_price_staleness")) {
      if (*staleness <= 0) problems_.push_back("target_config.max_price_staleness must be > 0");
      target.max_price_staleness = *staleness;
    }
  }

  void read_common() {
    if (auto interval = reader_.duration("interval")) {
      if (*interval <= 0 || *interval % kIntervalQuantum != 0) {
        problems_.push_back("interval must be a positive multiple of 100ms");
      }
      request_.interval = *interval;
    }
    request_.embargo = request_.target.horizon;
    if (auto embargo = reader_.duration("embargo")) {
      if (*embargo < 0 || *embargo > kMaxHorizon)
        problems_.push_back("embargo must be >= 0 and at most 1 day");
      request_.embargo = *embargo;
    }
    if (auto version = reader_.text("feature_registry_version")) {
      const auto& known = context_.registry_versions;
      if (*version != "latest" && std::find(known.begin(), known.end(), *version) == known.end()) {
        problems_.push_back("feature_registry_version '" + *version + "' does not exist (versions: latest" +
                            (known.empty() ? "" : ", " + join(known)) + ")");
      }
      request_.registry_version = *version;
    }
    if (auto check = reader_.boolean("data_leakage_check")) request_.leakage_check = *check;
    static constexpr std::array<std::pair<std::string_view, OutputFormat>, 2> kFormats = {
        {{"parquet", OutputFormat::parquet}, {"csv", OutputFormat::csv}}};
    if (auto format = choice(reader_, "output_format", kFormats, problems_)) request_.output_format = *format;
    static constexpr std::array<std::pair<std::string_view, MissingRows>, 2> kMissing = {
        {{"keep", MissingRows::keep}, {"drop", MissingRows::drop}}};
    if (auto missing = choice(reader_, "missing_rows", kMissing, problems_)) request_.missing_rows = *missing;
  }

  std::optional<Period> period(const std::string& name, bool required) {
    const std::string start_field = name + "_period_start";
    const std::string end_field = name + "_period_end";
    const bool any = reader_.has(start_field) || reader_.has(end_field);
    if (!any && !required) return std::nullopt;
    reader_.require(start_field, "for split_strategy " + std::string(to_string(*strategy_)));
    reader_.require(end_field, "for split_strategy " + std::string(to_string(*strategy_)));
    const auto start = reader_.time(start_field);
    const auto end = reader_.time(end_field);
    if (!start || !end) return std::nullopt;
    if (*start >= *end) {
      problems_.push_back(start_field + " must be before " + end_field);
      return std::nullopt;
    }
    return Period{*start, *end};
  }

  void refuse(const std::string& field, Strategy strategy) {
    if (reader_.has(field)) {
      problems_.push_back(field + " is not used by split_strategy " + std::string(to_string(strategy)));
    }
  }

  void read_periods(Strategy strategy) {
    if (strategy != Strategy::walk_forward) refuse("walk_forward_config", strategy);
    if (strategy != Strategy::random) refuse("random_config", strategy);
    switch (strategy) {
      case Strategy::time_based:
        return read_time_based();
      case Strategy::walk_forward:
        return read_walk_forward();
      case Strategy::random:
        return read_random();
    }
  }

  void read_time_based() {
    request_.train = period("train", true);
    request_.validation = period("validation", true);
    request_.test = period("test", false);
    if (request_.train && request_.validation && request_.train->end > request_.validation->start) {
      problems_.push_back("train_period_end must not be after validation_period_start (the periods overlap)");
    }
    if (request_.validation && request_.test && request_.validation->end > request_.test->start) {
      problems_.push_back("validation_period_end must not be after test_period_start (the periods overlap)");
    }
  }

  void read_walk_forward() {
    for (const char* field : {"train_period_start", "train_period_end", "validation_period_start",
                              "validation_period_end", "test_period_start", "test_period_end"}) {
      refuse(field, Strategy::walk_forward);
    }
    reader_.require("walk_forward_config", "for split_strategy walk_forward");
    if (!reader_.has("walk_forward_config")) return;
    const std::string p = "walk_forward_config.";
    for (const char* field :
         {"train_window_days", "validation_window_days", "step_days", "start_date", "end_date"}) {
      reader_.require(p + field, "for split_strategy walk_forward");
    }
    WalkForwardConfig config;
    const auto train = reader_.days(p + "train_window_days");
    const auto validation = reader_.days(p + "validation_window_days");
    const auto step = reader_.days(p + "step_days");
    const auto start = reader_.time(p + "start_date");
    const auto end = reader_.time(p + "end_date");
    const auto test = reader_.days(p + "test_window_days");
    if (auto min_samples = reader_.integer(p + "min_train_samples")) {
      if (*min_samples < 0) problems_.push_back(p + "min_train_samples must be >= 0");
      config.min_train_samples = *min_samples;
    }
    if (!train || !validation || !step || !start || !end) return;
    if (*start >= *end) {
      problems_.push_back(p + "start_date must be before " + p + "end_date");
      return;
    }
    config = WalkForwardConfig{*train,          *validation, *step, *start, *end, config.min_train_samples,
                               test.value_or(0)};
    if (*train + *validation + config.test_window > *end - *start) {
      problems_.push_back(
          "walk_forward_config: no fold fits: train_window_days + validation_window_days (+ "
          "test_window_days) "
          "exceed end_date - start_date");
    } else if (config.fold_count() > kMaxWalkForwardFolds) {
      problems_.push_back("walk_forward_config: " + std::to_string(config.fold_count()) +
                          " folds exceed the limit of " + std::to_string(kMaxWalkForwardFolds) +
                          ": a larger step_days or a shorter start_date..end_date");
    }
    request_.walk_forward = config;
  }

  void read_random() {
    for (const char* field :
         {"validation_period_start", "validation_period_end", "test_period_start", "test_period_end"}) {
      refuse(field, Strategy::random);
    }
    // The train period is the whole range the rows are drawn from.
    request_.train = period("train", true);
    RandomConfig config;
    const std::string p = "random_config.";
    bool ratios_ok = true;
    const auto ratio = [&](const char* field, double& into) {
      if (auto value = reader_.number(p + field)) {
        if (*value < 0 || *value > 1) {
          problems_.push_back(p + field + " must be between 0 and 1");
          ratios_ok = false;
        }
        into = *value;
      } else if (reader_.has(p + field)) {
        ratios_ok = false;
      }
    };
    ratio("train_ratio", config.train_ratio);
    ratio("validation_ratio", config.validation_ratio);
    ratio("test_ratio", config.test_ratio);
    if (ratios_ok &&
        std::abs(config.train_ratio + config.validation_ratio + config.test_ratio - 1.0) > 1e-9) {
      problems_.push_back("random_config: train_ratio + validation_ratio + test_ratio must sum to 1");
    }
    if (auto seed = reader_.integer(p + "seed")) {
      if (*seed < 0) problems_.push_back(p + "seed must be >= 0");
      config.seed = static_cast<std::uint64_t>(*seed);
    }
    request_.random = config;
    if (request_.leakage_check) {
      problems_.push_back(
          "split_strategy random leaks across time and cannot pass the leakage check: it needs "
          "\"data_leakage_check\": false");
    }
  }

  // The target reads the grid: m(t+h) is the row at exactly t+h, and risk_adjusted reads 1 s mids.
  void check_target_against_grid() {
    const TargetConfig& target = request_.target;
    if (request_.interval <= 0 || target.horizon <= 0) return;
    if (target.horizon % request_.interval != 0) {
      problems_.push_back("target_config.horizon must be a multiple of interval (" +
                          format_duration(request_.interval) + ")");
    }
    if (target.kind == TargetKind::risk_adjusted && kMicrosPerSecond % request_.interval != 0) {
      problems_.push_back(
          "target_config.type risk_adjusted needs an interval that divides 1s (its volatility "
          "reads 1 s returns)");
    }
  }

  const RequestContext& context_;
  std::vector<std::string> problems_;
  FieldReader reader_;
  DatasetRequest request_;
  std::optional<Strategy> strategy_;
};

}  // namespace

ParsedRequest parse_dataset_request(const RequestDocument& document, const RequestContext& context) {
  return RequestParser(document, context).parse();
}

}  // namespace fsvc::dataset
