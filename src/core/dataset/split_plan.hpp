#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dataset/dataset_request.hpp"

namespace fsvc::dataset {

enum class SplitName { train, validation, test };
std::string_view to_string(SplitName split);

// One output file's period: a split, of a fold for walk-forward (fold < 0 otherwise).
struct Segment {
  SplitName split = SplitName::train;
  int fold = -1;
  Period period{};
  bool follows_another = false;  // embargo applies at its start (validation, test, each fold's validation)
  bool operator==(const Segment&) const = default;
};

// Where rows go (datasets.md §3-4). `rows` is the span rows are computed over, `segments` every
// split (and fold) in time order of their start; for random every segment covers `rows` and a
// seeded draw picks one per row.
struct SplitPlan {
  Strategy strategy = Strategy::time_based;
  std::vector<Segment> segments{};
  Period rows{};
  Duration horizon = 0;
  Duration embargo = 0;
  std::optional<RandomConfig> random{};
  int folds = 0;  // walk-forward folds (their train and validation segments)
};

// Walk-forward fold k trains on [start + k·step, + train_window) and validates on the following
// validation_window; folds continue while the validation end <= end − test_window; with a test
// window, the test set is the test_window right after the last fold's validation.
SplitPlan plan_splits(const DatasetRequest& request);

// The file stem of a segment: "train", "fold_003/validation".
std::string segment_name(const Segment& segment);

}  // namespace fsvc::dataset
