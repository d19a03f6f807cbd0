#include "core/quality/stream_coverage.hpp"

#include <algorithm>

namespace fsvc {
namespace {

bool pushes_on_cadence(EventType type) {
  return type == EventType::orderbook || type == EventType::ticker;
}

int longest_stale_limit(const QualityThresholds& t) {
  return *std::max_element(t.stale_after_s.begin(), t.stale_after_s.end());
}

std::uint64_t live_mask(const QualityMinute& minute) {
  std::uint64_t mask = 0;
  for (const StreamMinute& s : minute.streams) mask |= s.seconds_with_events;
  return mask;
}

}  // namespace

void cover_minute(QualityMinute& minute, CoverageState& state, const QualityThresholds& thresholds,
                  std::int64_t through_second) {
  const std::uint64_t live = live_mask(minute);
  const std::int64_t first = minute.start / kMicrosPerSecond;
  const int restart_after = longest_stale_limit(thresholds);
  for (int i = 0; i < 60 && first + i <= through_second; ++i) {
    if ((live >> i & 1u) == 0) continue;
    const std::int64_t second = first + i;
    const bool restarted = !state.last_live_second || second - *state.last_live_second > restart_after;
    state.last_live_second = second;
    for (int x = 0; x < kEventTypeCount; ++x) {
      const auto type = static_cast<EventType>(x);
      StreamMinute& s = minute.stream(type);
      std::optional<std::int64_t>& last = state.last_second[static_cast<std::size_t>(x)];
      const bool has_event = (s.seconds_with_events >> i & 1u) != 0;
      if (restarted || !last || has_event) last = second;
      const int limit = thresholds.stale_limit(type);
      if (limit <= 0) continue;
      ++s.expected_seconds;
      if (has_event) continue;
      const bool stale = second - *last > limit;
      s.stale_seconds += stale ? 1 : 0;
      s.missing_seconds += (pushes_on_cadence(type) || stale) ? 1 : 0;
    }
  }
}

}  // namespace fsvc
