#include "core/dataset/evaluation_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace fsvc::dataset {

namespace {

constexpr std::array<std::string_view, 5> kRegression = {"mse", "mae", "rmse", "r2", "directional_accuracy"};
constexpr std::array<std::string_view, 5> kClassification = {"accuracy", "precision", "recall", "f1",
                                                             "confusion_matrix"};

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

int sign(double x) {
  return (x > 0) - (x < 0);
}

}  // namespace

std::vector<std::string_view> metric_names(TargetKind kind) {
  const auto& names = kind == TargetKind::classification ? kClassification : kRegression;
  return {names.begin(), names.end()};
}

std::vector<std::string> unknown_metrics(TargetKind kind, const std::vector<std::string>& requested) {
  const std::vector<std::string_view> known = metric_names(kind);
  std::string listed;
  for (const std::string_view name : known) listed += (listed.empty() ? "" : ", ") + std::string(name);
  std::vector<std::string> problems;
  for (const std::string& name : requested) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    problems.push_back("metrics_to_compute: '" + name + "' is not a metric of a " +
                       std::string(to_string(kind)) + " target (" + listed + ")");
  }
  return problems;
}

std::optional<std::size_t> class_index(double value) {
  for (std::size_t i = 0; i < kClasses.size(); ++i) {
    if (value == kClasses[i]) return i;
  }
  return std::nullopt;
}

void MetricsAccumulator::add(double target, double prediction) {
  ++count_;
  if (classification_) {
    const auto actual = class_index(target);
    const auto predicted = class_index(prediction);
    if (actual && predicted) ++confusion_[*actual][*predicted];
    return;
  }
  const double error = prediction - target;
  squared_error_ += error * error;
  absolute_error_ += std::abs(error);
  const double delta = target - target_mean_;
  target_mean_ += delta / static_cast<double>(count_);
  target_m2_ += delta * (target - target_mean_);
  if (sign(target) != 0) {
    ++moved_;
    if (sign(prediction) == sign(target)) ++same_direction_;
  }
}

RegressionMetrics MetricsAccumulator::regression() const {
  RegressionMetrics m;
  if (count_ == 0) return m;
  const double n = static_cast<double>(count_);
  m.mse = squared_error_ / n;
  m.mae = absolute_error_ / n;
  m.rmse = std::sqrt(m.mse);
  if (target_m2_ > 0) m.r2 = 1.0 - squared_error_ / target_m2_;
  m.directional_accuracy = ratio(same_direction_, moved_);
  return m;
}

ClassificationMetrics MetricsAccumulator::classification() const {
  ClassificationMetrics m;
  m.confusion = confusion_;
  std::uint64_t total = 0;
  std::uint64_t correct = 0;
  for (std::size_t c = 0; c < kClasses.size(); ++c) {
    std::uint64_t actual = 0;
    std::uint64_t predicted = 0;
    for (std::size_t o = 0; o < kClasses.size(); ++o) {
      actual += confusion_[c][o];
      predicted += confusion_[o][c];
      total += confusion_[c][o];
    }
    correct += confusion_[c][c];
    ClassMetrics& k = m.per_class[c];
    k.precision = ratio(confusion_[c][c], predicted);
    k.recall = ratio(confusion_[c][c], actual);
    if (k.precision && k.recall && *k.precision + *k.recall > 0) {
      k.f1 = 2 * *k.precision * *k.recall / (*k.precision + *k.recall);
    } else if (k.precision && k.recall) {
      k.f1 = 0.0;
    }
  }
  m.accuracy = ratio(correct, total).value_or(0.0);
  return m;
}

}  // namespace fsvc::dataset
