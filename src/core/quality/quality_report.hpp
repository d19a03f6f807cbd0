#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/quality/quality_minute.hpp"
#include "core/quality/quality_thresholds.hpp"

namespace fsvc {

// A desynchronization as a report lists it: when, why, and how long until the book was
// synchronized again (nullopt: not within the report's minutes).
struct DesyncDetail {
  Timestamp time = 0;
  DesyncCause cause = DesyncCause::sequence_gap;
  std::optional<Duration> recovery;
  friend bool operator==(const DesyncDetail&, const DesyncDetail&) = default;
};

// The data-quality report of one symbol over [period_start, period_end) (quality.md §3): the minute
// rollups summed per stream, the detail lists, the overall rates and the recommendations.
struct QualityReport {
  Symbol symbol;
  Timestamp period_start = 0;
  Timestamp period_end = 0;
  std::array<StreamMinute, kEventTypeCount> streams{};
  std::vector<SequenceGapRecord> sequence_gap_details;
  std::vector<DesyncDetail> desynchronization_details;
  std::vector<RejectedCount> rejected;
  std::vector<std::string> recommendations;  // most severe first; one sentence when clean
  // Minutes of the period (from floor(period_start, 1 min)) and those without any rollup: nothing of
  // the symbol was received then. Their seconds inside the period count as expected and missing in
  // every stream that should flow (a period mostly without data is not "no problem").
  std::uint64_t period_minutes = 0;
  std::uint64_t minutes_without_data = 0;
  std::uint64_t seconds_without_data = 0;

  const StreamMinute& stream(EventType t) const { return streams[static_cast<std::size_t>(t)]; }
  // Missing seconds over expected seconds of every stream; anomalous events over events (refused
  // ones included). Both in [0, 1], 0 when nothing was expected.
  double missing_rate() const;
  double anomaly_rate() const;
  std::uint64_t sequence_gaps() const;
  std::uint64_t desynchronization_events() const;
  std::uint64_t rejected_messages() const;
};

double missing_rate(const StreamMinute& s);
double anomaly_rate(const StreamMinute& s);

// Sums the minutes of `symbol` that start in [floor(from, 1 min), to) into a report with its
// recommendations. Minutes may come in any order and from several sources (rollups, the live
// tracker); each minute start must appear once.
QualityReport build_quality_report(const Symbol& symbol, Timestamp from, Timestamp to,
                                   std::span<const QualityMinute> minutes,
                                   const QualityThresholds& thresholds);

// Why the symbol's quality is degraded (quality.md §3, /health): the first recommendation whose
// numbers cross a threshold of `thresholds`; nullopt when none does.
std::optional<std::string> degradation(const QualityReport& report, const QualityThresholds& thresholds);

}  // namespace fsvc
