#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dataset/dataset_request.hpp"

namespace fsvc::dataset {

// The metrics POST /model/evaluate computes (datasets.md §5): regression (and risk_adjusted, also
// a continuous target) mse, mae, rmse, r2, directional_accuracy; classification accuracy,
// precision, recall and f1 per class, confusion_matrix.
std::vector<std::string_view> metric_names(TargetKind kind);

// Requested names the kind has no metric of, each as a problem message; empty when all are known.
std::vector<std::string> unknown_metrics(TargetKind kind, const std::vector<std::string>& requested);

// The classes of a classification target, in the order of every per-class array.
inline constexpr std::array<int, 3> kClasses = {-1, 0, 1};

struct RegressionMetrics {
  double mse = 0;
  double mae = 0;
  double rmse = 0;
  std::optional<double> r2;                    // undefined when every target is the same
  std::optional<double> directional_accuracy;  // over pairs whose target moved (≠ 0)
};

struct ClassMetrics {
  std::optional<double> precision;  // undefined when the class was never predicted
  std::optional<double> recall;     // undefined when the class never occurred
  std::optional<double> f1;
};

struct ClassificationMetrics {
  double accuracy = 0;
  std::array<ClassMetrics, kClasses.size()> per_class{};
  // confusion[actual][predicted], indices as in kClasses.
  std::array<std::array<std::uint64_t, kClasses.size()>, kClasses.size()> confusion{};
};

// Pairs (target, prediction) added one at a time, in one pass and constant memory, so a split of
// any length can be read from its file as it streams.
class MetricsAccumulator {
 public:
  explicit MetricsAccumulator(TargetKind kind) : classification_(kind == TargetKind::classification) {}

  // A classification target and prediction are classes (-1, 0, 1); callers check predictions first.
  void add(double target, double prediction);
  std::size_t count() const { return count_; }
  // Meaningful once count() > 0.
  RegressionMetrics regression() const;
  ClassificationMetrics classification() const;

 private:
  bool classification_;
  std::size_t count_ = 0;
  double squared_error_ = 0;
  double absolute_error_ = 0;
  // Welford's running mean and sum of squared deviations of the target, for r2's denominator.
  double target_mean_ = 0;
  double target_m2_ = 0;
  std::size_t moved_ = 0;
  std::size_t same_direction_ = 0;
  std::array<std::array<std::uint64_t, kClasses.size()>, kClasses.size()> confusion_{};
};

// The index of a class in kClasses; nullopt for a value that is not one.
std::optional<std::size_t> class_index(double value);

}  // namespace fsvc::dataset
