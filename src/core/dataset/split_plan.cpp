#include "core/dataset/split_plan.hpp"

#include <algorithm>
#include <cstdio>

namespace fsvc::dataset {

std::string_view to_string(SplitName split) {
  switch (split) {
    case SplitName::train:
      return "train";
    case SplitName::validation:
      return "validation";
    case SplitName::test:
      return "test";
  }
  return "?";
}

std::string segment_name(const Segment& segment) {
  if (segment.fold < 0) return std::string(to_string(segment.split));
  char fold[24];
  std::snprintf(fold, sizeof fold, "fold_%03d/", segment.fold);
  return fold + std::string(to_string(segment.split));
}

namespace {

void plan_walk_forward(const WalkForwardConfig& config, SplitPlan& plan) {
  const Timestamp last_validation_end = config.end - config.test_window;
  for (int k = 0;; ++k) {
    const Timestamp train_start = config.start + k * config.step;
    const Timestamp train_end = train_start + config.train_window;
    const Timestamp validation_end = train_end + config.validation_window;
    if (validation_end > last_validation_end) break;
    plan.segments.push_back({SplitName::train, k, {train_start, train_end}, false});
    plan.segments.push_back({SplitName::validation, k, {train_end, validation_end}, true});
    plan.folds = k + 1;
  }
  if (config.test_window > 0 && plan.folds > 0) {
    const Timestamp test_start = plan.segments.back().period.end;
    plan.segments.push_back({SplitName::test, -1, {test_start, test_start + config.test_window}, true});
  }
}

}  // namespace

SplitPlan plan_splits(const DatasetRequest& request) {
  SplitPlan plan;
  plan.strategy = request.strategy;
  plan.horizon = request.target.horizon;
  plan.embargo = request.embargo;
  switch (request.strategy) {
    case Strategy::time_based:
      plan.segments.push_back({SplitName::train, -1, *request.train, false});
      plan.segments.push_back({SplitName::validation, -1, *request.validation, true});
      if (request.test) plan.segments.push_back({SplitName::test, -1, *request.test, true});
      break;
    case Strategy::walk_forward:
      plan_walk_forward(*request.walk_forward, plan);
      break;
    case Strategy::random:
      plan.random = request.random.value_or(RandomConfig{});
      for (SplitName split : {SplitName::train, SplitName::validation, SplitName::test}) {
        plan.segments.push_back({split, -1, *request.train, false});
      }
      break;
  }
  if (!plan.segments.empty()) {
    plan.rows = plan.segments.front().period;
    for (const Segment& s : plan.segments) {
      plan.rows.start = std::min(plan.rows.start, s.period.start);
      plan.rows.end = std::max(plan.rows.end, s.period.end);
    }
  }
  return plan;
}

}  // namespace fsvc::dataset
