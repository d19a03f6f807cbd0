#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/quality/quality_minute.hpp"
#include "core/quality/quality_thresholds.hpp"

namespace fsvc {

// What coverage carries from one minute to the next: each stream's last second with an event and
// the symbol's last live second (a second in which any of its streams delivered an event).
struct CoverageState {
  std::array<std::optional<std::int64_t>, kEventTypeCount> last_second;
  std::optional<std::int64_t> last_live_second;
};

// Fills expected, missing and stale seconds of every stream of `minute` from its per-second event
// bits, for the seconds up to `through_second` (epoch seconds, inclusive).
//   - A stream is expected only in the symbol's live seconds: a service that was not running or
//     not subscribed misses nothing. A symbol silent for longer than every stale limit restarts the
//     count (the service was down), so its streams are judged afresh from its next live second.
//   - Stale: a live second more than the stream's stale limit after its last event.
//   - Missing: for book and ticker, which push on a fixed cadence, every live second without an
//     event; for trades and klines, which come in bursts, only their stale seconds (a quiet market
//     is not missing trades).
void cover_minute(QualityMinute& minute, CoverageState& state, const QualityThresholds& thresholds,
                  std::int64_t through_second);

}  // namespace fsvc
