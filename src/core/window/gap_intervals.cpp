#include "core/window/gap_intervals.hpp"

#include <algorithm>

namespace fsvc {

void GapIntervals::add(Timestamp from, Timestamp to) {
  intervals_.push_back(Interval{from, std::max(from, to)});
}

bool GapIntervals::overlaps(Timestamp lo, Timestamp hi) const {
  return std::any_of(intervals_.begin(), intervals_.end(),
                     [&](const Interval& gap) { return gap.from <= hi && gap.to > lo; });
}

void GapIntervals::evict_through(Timestamp horizon) {
  std::erase_if(intervals_, [&](const Interval& gap) { return gap.to <= horizon; });
}

}  // namespace fsvc
