#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event/market_event.hpp"
#include "core/quality/anomaly_check.hpp"

namespace fsvc {

// A book delta whose `u` was not the previous `u` + 1.
struct SequenceGapRecord {
  Timestamp time = 0;
  std::int64_t expected_u = 0;
  std::int64_t received_u = 0;
  friend bool operator==(const SequenceGapRecord&, const SequenceGapRecord&) = default;
};

enum class DesyncCause : std::uint8_t { sequence_gap, crossed_book, delta_before_snapshot };
std::string_view to_string(DesyncCause cause);

// A forced book reset, recorded in the minute it began.
struct DesyncRecord {
  Timestamp time = 0;
  DesyncCause cause = DesyncCause::sequence_gap;
  friend bool operator==(const DesyncRecord&, const DesyncRecord&) = default;
};

// The book synchronized again, recorded in the minute it happened (the desync's own minute may be
// persisted already): recovery time = time − desync_time.
struct ResyncRecord {
  Timestamp desync_time = 0;
  Timestamp time = 0;
  friend bool operator==(const ResyncRecord&, const ResyncRecord&) = default;
};

// Messages refused before the engine (undecodable, or by the admission gate) of one reason.
struct RejectedCount {
  EventType stream = EventType::orderbook;
  std::string reason;
  std::uint64_t count = 0;
  friend bool operator==(const RejectedCount&, const RejectedCount&) = default;
};

// One stream's counters over one minute.
struct StreamMinute {
  std::uint64_t seconds_with_events = 0;  // bit i: an event whose exchange time is in second i
  std::uint64_t events = 0;
  std::uint64_t anomalous_events = 0;  // events failing at least one check
  std::array<std::uint64_t, kAnomalyCheckCount> anomalies{};
  std::uint64_t expected_seconds = 0;  // seconds the symbol was live and this stream was expected
  std::uint64_t missing_seconds = 0;   // of those, seconds counted as missing (quality.md §1)
  std::uint64_t stale_seconds = 0;     // of those, seconds beyond the stream's stale limit
  std::uint64_t late_events = 0;
  Duration max_lateness = 0;
  std::uint64_t sequence_gaps = 0;
  std::uint64_t desynchronizations = 0;

  std::uint64_t anomaly(AnomalyCheck c) const { return anomalies[static_cast<std::size_t>(c)]; }
  friend bool operator==(const StreamMinute&, const StreamMinute&) = default;
};

// Detail lists are capped per minute (hostile input must not grow memory); the counts stay exact.
inline constexpr std::size_t kMaxDetailsPerMinute = 256;

// The per-minute rollup of one symbol: what the store persists and a report aggregates.
struct QualityMinute {
  Symbol symbol;
  Timestamp start = 0;  // a multiple of one minute
  std::array<StreamMinute, kEventTypeCount> streams{};
  std::vector<SequenceGapRecord> gaps;
  std::vector<DesyncRecord> desyncs;
  std::vector<ResyncRecord> resyncs;
  std::vector<RejectedCount> rejected;

  StreamMinute& stream(EventType t) { return streams[static_cast<std::size_t>(t)]; }
  const StreamMinute& stream(EventType t) const { return streams[static_cast<std::size_t>(t)]; }
  void add_rejected(EventType stream, std::string_view reason, std::uint64_t n = 1);
  friend bool operator==(const QualityMinute&, const QualityMinute&) = default;
};

// An input refused before the engine applied it, counted by its reason: an anomaly check's name
// (duplicate_trade_id, clock_skew) counts that anomaly on the stream, any other reason (a decoder's,
// a repeated non-trade event's "duplicate") a rejected message. Live and from the raw store's
// `rejected/` alike.
void count_refusal(QualityMinute& m, EventType stream, std::string_view reason);

// Adds `from`'s counts to `into` (masks or'ed, maxima kept, details appended up to the cap):
// rollups of the same symbol summed over time.
void add_counts(StreamMinute& into, const StreamMinute& from);
void add_minute(QualityMinute& into, const QualityMinute& from);

// The stream's name in reports and metric labels: "orderbook", "trades", "ticker", "kline", "funding".
std::string_view stream_name(EventType type);
// Back from that name; nullopt for any other text.
std::optional<EventType> stream_named(std::string_view name);

}  // namespace fsvc
