#pragma once

#include <cstddef>
#include <vector>

#include "core/dataset/split_plan.hpp"

namespace fsvc::dataset {

// What happens to a row in one segment it falls into.
enum class RowFate { kept, purged, embargoed };

struct Placement {
  std::size_t segment = 0;  // index into SplitPlan::segments
  RowFate fate = RowFate::kept;
  bool operator==(const Placement&) const = default;
};

// The segments row t belongs to (start <= t < end; walk-forward folds overlap, so a row may sit in
// several) and its fate in each:
//   embargoed: the segment follows another and t < start + embargo;
//   purged:    its target window (t, t + h] reaches the segment's end (t + h >= end).
// Random plans draw one segment per row from (seed, t), so the draw does not depend on which
// other rows exist; random segments have no boundaries to purge or embargo.
void assign_row(const SplitPlan& plan, Timestamp t, std::vector<Placement>& out);

// The seeded draw of a random split: the split index (0 train, 1 validation, 2 test) for row t.
std::size_t random_split(const RandomConfig& config, Timestamp t);

}  // namespace fsvc::dataset
