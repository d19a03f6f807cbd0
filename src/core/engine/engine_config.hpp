#pragma once

#include <vector>

#include "core/quality/quality_thresholds.hpp"
#include "core/registry/builtin_registry.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

struct EngineConfig {
  // Grid intervals, ascending; intervals[0] is the finest and drives emission. Each must be a
  // multiple of the finest, so every boundary of a coarser interval is also a finest boundary.
  std::vector<Duration> intervals{kMicrosPerSecond, 3 * kMicrosPerSecond, 15 * kMicrosPerSecond,
                                  kMicrosPerMinute};
  // Online only: the tick for t waits until the feed shows an event later than t + this.
  Duration allowed_lateness = 100 * kMicrosPerMilli;
  // What every vector holds (a validated registry version): the engine keeps exactly the state
  // these features need.
  FeatureRegistry registry = builtin_registry();
  // The data-quality checks' bounds (core/quality): every symbol engine counts its inputs by them.
  QualityThresholds quality;

  Duration finest() const { return intervals.front(); }
  // How much history before t the registry's features read: the longest window (a volatility
  // window reads one grid step more) or forward-fill max_age. Replaying the events of
  // (t - longest_lookback(), t] from a book snapshot makes vector(t) complete, as it was live.
  Duration longest_lookback() const;
  // The longest window any feature reads (volatility_5m in 1.0.0), or forward-fill max_age, at
  // least the finest interval. After a symbol's last event, boundaries up to this far are emitted
  // and later ones not, until its next event (features.md §1, silences; core/engine/silence_skip.hpp).
  Duration longest_window() const;
};

}  // namespace fsvc
