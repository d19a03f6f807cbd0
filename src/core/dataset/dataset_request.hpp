#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/types/timestamp.hpp"

namespace fsvc::dataset {

enum class Strategy { time_based, walk_forward, random };
enum class TargetKind { regression, classification, risk_adjusted };
enum class OutputFormat { parquet, csv };
enum class MissingRows { keep, drop };

// A half-open period [start, end) (datasets.md §3).
struct Period {
  Timestamp start = 0;
  Timestamp end = 0;
  bool contains(Timestamp t) const { return start <= t && t < end; }
  bool operator==(const Period&) const = default;
};

struct WalkForwardConfig {
  Duration train_window = 0;
  Duration validation_window = 0;
  Duration step = 0;
  Timestamp start = 0;
  Timestamp end = 0;
  std::int64_t min_train_samples = 0;
  Duration test_window = 0;  // 0: no test set after the last fold
  bool operator==(const WalkForwardConfig&) const = default;

  // Folds whose validation ends by end − test_window, as plan_splits lays them out.
  std::int64_t fold_count() const {
    const Duration room = end - test_window - start - train_window - validation_window;
    return room < 0 || step <= 0 ? 0 : room / step + 1;
  }
};

// Each fold is two files and two leakage checks: a request asking for more (e.g. 8,000 years in
// steps of a day) is refused rather than planned. Fold names have three digits (fold_999).
inline constexpr std::int64_t kMaxWalkForwardFolds = 1000;

struct RandomConfig {
  double train_ratio = 0.7;
  double validation_ratio = 0.15;
  double test_ratio = 0.15;
  std::uint64_t seed = 42;
  bool operator==(const RandomConfig&) const = default;
};

struct TargetConfig {
  TargetKind kind = TargetKind::regression;
  Duration horizon = 60 * kMicrosPerSecond;
  double threshold = 0.001;
  Duration volatility_window = 5 * kMicrosPerMinute;
  Duration max_price_staleness = 5 * kMicrosPerSecond;
  bool operator==(const TargetConfig&) const = default;
};

// A validated POST /dataset/build request (datasets.md §1), defaults filled in. Periods used by
// the strategy are set; the others are not.
struct DatasetRequest {
  std::string symbol{};
  Strategy strategy = Strategy::time_based;
  std::optional<Period> train{};
  std::optional<Period> validation{};
  std::optional<Period> test{};
  std::optional<WalkForwardConfig> walk_forward{};
  std::optional<RandomConfig> random{};
  TargetConfig target{};
  Duration interval = kMicrosPerSecond;
  Duration embargo = 0;
  std::string registry_version = "latest";  // as requested; "latest" = the active version
  bool leakage_check = true;
  OutputFormat output_format = OutputFormat::parquet;
  MissingRows missing_rows = MissingRows::keep;
  bool operator==(const DatasetRequest&) const = default;
};

std::string_view to_string(Strategy strategy);
std::string_view to_string(TargetKind kind);
std::string_view to_string(OutputFormat format);
std::string_view to_string(MissingRows policy);

}  // namespace fsvc::dataset
