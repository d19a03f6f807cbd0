#pragma once

#include <vector>

#include "core/types/timestamp.hpp"
#include "core/window/grid_mid_series.hpp"

namespace fsvc {

struct EngineConfig {
  // Grid intervals, ascending; intervals[0] is the finest and drives emission. Each must be a
  // multiple of the finest, so every boundary of a coarser interval is also a finest boundary.
  std::vector<Duration> intervals{kMicrosPerSecond, 3 * kMicrosPerSecond, 15 * kMicrosPerSecond,
                                  kMicrosPerMinute};
  // Online only: the tick for t waits until the feed shows an event later than t + this.
  Duration allowed_lateness = 100 * kMicrosPerMilli;
  // The longest window any feature reads (volatility_5m in registry 1.0.0). After a symbol's last
  // event, boundaries up to this far are emitted and later ones not, until its next event
  // (features.md §1, silences; core/engine/silence_skip.hpp).
  Duration longest_window = 5 * kMicrosPerMinute;

  Duration finest() const { return intervals.front(); }
  // How far back from t the features read: volatility_5m's first return needs mid(t - 5 min), and
  // every other window is shorter. A warm start or a rebuild replays from a book snapshot at least
  // this far before its first vector.
  Duration longest_lookback() const { return kVolatilityWindows.back(); }
};

}  // namespace fsvc
