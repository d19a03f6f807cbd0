#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset/split_assignment.hpp"

namespace fsvc::dataset {

// One boundary between a segment and the one that follows it (train → validation, validation →
// test, each fold's train → validation).
struct BoundaryReport {
  std::string name{};  // "train->validation", "fold_002/train->fold_002/validation"
  std::size_t before = 0;
  std::size_t after = 0;
  std::int64_t purged = 0;     // rows of `before` whose target window reached its end
  std::int64_t embargoed = 0;  // rows of `after` inside the embargo
  // First kept row time of `after` − last kept target time (t + h) of `before`; unset when either
  // side has no row. Must be > 0: no target of `before` reads a price at or after a feature time
  // of `after`.
  std::optional<Duration> min_gap{};
};

struct LeakageCheck {
  std::string name{};
  bool passed = true;
  std::string detail{};
};

// The leakage report of a dataset's metadata (datasets.md §3).
struct LeakageReport {
  bool passed = true;
  std::vector<LeakageCheck> checks{};
  std::vector<BoundaryReport> boundaries{};
  std::optional<std::string> warning{};  // random: leaks across time
};

// Watches every placed row of a build and re-checks, independently of assign_row, that what it
// keeps respects the plan: kept rows' target windows end before their segment does, no kept row
// sits in an embargo, and consecutive segments neither overlap nor share a price.
class LeakageAudit {
 public:
  explicit LeakageAudit(const SplitPlan& plan);

  // Row t with a target, in time order, placed as assign_row said.
  void record(Timestamp t, const Placement& placement);
  LeakageReport finish() const;
  std::int64_t kept(std::size_t segment) const { return stats_[segment].kept; }

 private:
  struct SegmentStats {
    std::int64_t kept = 0;
    std::int64_t purged = 0;
    std::int64_t embargoed = 0;
    std::optional<Timestamp> first_kept{};
    std::optional<Timestamp> last_kept{};
    std::int64_t kept_crossing_end = 0;    // a purge miss
    std::int64_t kept_inside_embargo = 0;  // an embargo miss
  };
  SplitPlan plan_;
  std::vector<SegmentStats> stats_;
};

}  // namespace fsvc::dataset
