#pragma once

#include <vector>

#include "core/types/timestamp.hpp"

namespace fsvc {

// Closed time intervals [from, to] in which input is known to be missing, so that a window that
// overlaps one can be reported as unknown instead of being summed over what is left.
class GapIntervals {
 public:
  void add(Timestamp from, Timestamp to);
  // Whether some interval meets the window (lo, hi].
  bool overlaps(Timestamp lo, Timestamp hi) const;
  // Drops the intervals that end at or before `horizon` (no later window can reach them).
  void evict_through(Timestamp horizon);
  bool empty() const { return intervals_.empty(); }

 private:
  struct Interval {
    Timestamp from;
    Timestamp to;
  };
  std::vector<Interval> intervals_;  // few: one per damaged file of a replay
};

}  // namespace fsvc
