#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fsvc {

// Event time and durations are integer microseconds since the Unix epoch (UTC). Integers keep
// window edges exact: (t - W, t] never depends on floating-point rounding.
using Timestamp = std::int64_t;
using Duration = std::int64_t;

inline constexpr Duration kMicrosPerMilli = 1'000;
inline constexpr Duration kMicrosPerSecond = 1'000'000;
inline constexpr Duration kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr Duration kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr Duration kMicrosPerDay = 24 * kMicrosPerHour;

// Largest multiple of `step` that is <= t (correct for negative t too).
constexpr Timestamp floor_to(Timestamp t, Duration step) {
  const Timestamp r = t % step;
  return r < 0 ? t - r - step : t - r;
}

// Smallest multiple of `step` that is >= t.
constexpr Timestamp ceil_to(Timestamp t, Duration step) {
  const Timestamp f = floor_to(t, step);
  return f == t ? t : f + step;
}

// Parses ISO-8601 date-times as ws-gateway and REST clients send them:
// "2025-01-27T10:00:00.978000", "2025-01-27T10:00:00" (UTC, no offset), "...Z", "...+02:00".
// A space instead of 'T' is accepted. Fractions beyond microseconds are truncated.
std::optional<Timestamp> parse_iso8601(std::string_view text);

// "2025-01-27T10:00:01.000Z": UTC, millisecond precision (the features.live form).
std::string format_iso8601_millis(Timestamp t);

// "2025-01-27T10:00:01.123456Z": UTC, microsecond precision (logs, metadata).
std::string format_iso8601_micros(Timestamp t);

// "YYYY-MM-DD" of the UTC day containing t (raw-store partitions).
std::string format_utc_date(Timestamp t);

// Durations as configured: "100ms", "1s", "15s", "1m", "5m", "1h", "90s", "2d". Must be > 0.
std::optional<Duration> parse_duration(std::string_view text);

// Shortest exact form: 1'000'000 -> "1s", 60'000'000 -> "1m", 1'500'000 -> "1500ms".
std::string format_duration(Duration d);

}  // namespace fsvc
