#pragma once

#include <filesystem>

#include "core/quality/quality_period.hpp"
#include "core/quality/quality_report.hpp"

namespace fsvc::app {

// A UTC day's rollup is kept once the day ended this long before `now` (the raw store has then
// converted and compacted it); a younger day is counted afresh on every report.
inline constexpr Duration kRollupSettleTime = kMicrosPerHour;

// The report of `period`, from the minute rollups of the raw store under `raw_root` where they exist
// and are current, else counted by replaying the raw store through the engine as a rebuild reads it
// (from the book snapshot before the period), so the numbers are those the live path counted.
// A closed day counted so has its rollup written (parquet::QualityRollups) so the next report of it
// reads 1,440 rows instead of the day: that is the only thing a report ever writes. Days without
// data are minutes without data in the report, not an error.
QualityReport quality_from_store(const std::filesystem::path& raw_root, const QualityPeriod& period,
                                 const QualityThresholds& thresholds, Timestamp now);

}  // namespace fsvc::app
