#pragma once

#include <string>
#include <vector>

#include "core/quality/quality_period.hpp"
#include "core/quality/quality_report.hpp"
#include "driver/concurrency_limit.hpp"
#include "ports/quality_store.hpp"

namespace fsvc {

// A UTC day's rollup is kept once the day ended this long before `now` (the raw store has then
// converted and compacted it); a younger day is counted afresh on every report.
inline constexpr Duration kRollupSettleTime = kMicrosPerHour;

// The report of `period`, from the store's minute rollups where they exist and are current, else
// counted by replaying the stored inputs through the engine as a rebuild reads them (from the book
// snapshot before the period), so the numbers are those the live path counted. A closed day
// counted so has its rollup written so the next report of it reads 1,440 rows instead of the day:
// that is the only thing a report ever writes. Days without data are minutes without data in the
// report, not an error.
// With `counting`, a report that must replay any day (the open day, or a closed one without a
// current rollup) takes one of its slots for the whole count, and throws QualityBusy (retry after
// kQualityBusyRetryAfterSeconds) when none is free; one read wholly from rollups takes none. Without
// it (the CLI) nothing is limited.
QualityReport quality_from_store(const QualityStore& store, const QualityPeriod& period,
                                 const QualityThresholds& thresholds, Timestamp now,
                                 ConcurrencyLimit* counting = nullptr);

// As the raw store closes `day` (YYYY-MM-DD, RawStoreOptions::on_day_closed): writes the rollup of
// every symbol stored that day, unless a current one exists, so that even the first report of the
// day reads 1,440 rows. A symbol whose whole day `live` holds is written from those live counters
// (nothing read); any other (imported data, a restart during the day) is counted by replaying the
// day from the store. Returns the symbols written; std::invalid_argument when `day` is not a UTC day.
std::vector<std::string> write_day_rollups(const QualityStore& store, const std::string& day,
                                           const QualityThresholds& thresholds,
                                           LiveQualityDays* live = nullptr);

// What QualityBusy tells a client to wait: a busy day counted from raw data takes tens of seconds
// (BENCHMARKS.md), a shorter period seconds.
inline constexpr int kQualityBusyRetryAfterSeconds = 30;

}  // namespace fsvc
