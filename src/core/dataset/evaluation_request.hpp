#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dataset/split_plan.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::dataset {

// A model's output for the row at `timestamp`.
struct Prediction {
  Timestamp timestamp = 0;
  double value = 0;
};

// POST /model/evaluate (datasets.md §5): which split of which dataset, for which model; with
// predictions, the metrics to compute against the split's targets (all of the target's kind when
// none are named).
struct EvaluationRequest {
  std::string dataset_id;
  SplitName split = SplitName::validation;
  std::optional<int> fold;  // walk-forward validation: the fold
  std::string model_version;
  std::vector<std::string> metrics;
  std::optional<std::vector<Prediction>> predictions;
};

}  // namespace fsvc::dataset
