#include "app/quality_from_store.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/parquet/quality_rollups.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "driver/quality_replay.hpp"
#include "ports/quality_reports.hpp"

namespace fsvc::app {

namespace {

// The inputs refused before the engine (rejected/), counted in the minutes they were counted in
// live; `minutes` stays in ascending order.
void add_stored_refusals(std::vector<QualityMinute>& minutes, const Symbol& symbol,
                         const std::vector<RejectedInput>& refused) {
  for (const RejectedInput& r : refused) {
    if (!r.counted || !r.stream) continue;
    auto it = std::lower_bound(minutes.begin(), minutes.end(), r.minute,
                               [](const QualityMinute& m, Timestamp start) { return m.start < start; });
    if (it == minutes.end() || it->start != r.minute) {
      it = minutes.insert(it, QualityMinute{});
      it->symbol = symbol;
      it->start = r.minute;
    }
    count_refusal(*it, *r.stream, r.reason);
  }
}

// The minutes of [from, to) counted by replaying the raw store through the engine, with what it
// refused (rejected/).
std::vector<QualityMinute> replay_minutes(const std::filesystem::path& raw_root, const Symbol& symbol,
                                          Timestamp from, Timestamp to, const QualityThresholds& thresholds) {
  parquet::RawReader reader(raw_root, parquet::DamagePolicy::fail);
  EngineConfig config;
  config.quality = thresholds;
  const parquet::RebuildPlan plan = parquet::plan_rebuild(reader, std::string(symbol.view()), from, to);
  std::vector<QualityMinute> minutes = replay_quality(
      config, plan.journal ? OfflineTicks::journal : OfflineTicks::canonical,
      [&](const InputCallback& deliver, const GapCallback& gap) { reader.read(plan.query, deliver, gap); },
      symbol, from, to);
  add_stored_refusals(minutes, symbol,
                      parquet::read_rejected(raw_root, symbol.view(), floor_to(from, kMicrosPerMinute), to));
  return minutes;
}

// A closed day counted from the raw store, and its rollup written for the next report.
std::vector<QualityMinute> count_closed_day(const parquet::QualityRollups& rollups,
                                            const std::filesystem::path& raw_root, const Symbol& symbol,
                                            Timestamp day, const std::string& fingerprint,
                                            const QualityThresholds& thresholds) {
  std::vector<QualityMinute> counted = replay_minutes(raw_root, symbol, day, day + kMicrosPerDay, thresholds);
  rollups.write(std::string(symbol.view()), parquet::utc_day(day), fingerprint, counted);
  return counted;
}

// Takes a slot of `counting` for the rest of the report unless one is held (or nothing limits it).
void take_counting_slot(ConcurrencyLimit* counting, std::optional<ConcurrencyLimit::Slot>& held,
                        const std::string& symbol, const std::string& day) {
  if (counting == nullptr || held) return;
  held = counting->try_take();
  if (!held) {
    throw QualityBusy("the report needs " + symbol + " on " + day +
                          " counted from the raw data (no minute rollup covers it) and as many such "
                          "counts as allowed (FEATURE_SERVICE_QUALITY_COUNTING_CONCURRENCY) are "
                          "running: try again in " +
                          std::to_string(kQualityBusyRetryAfterSeconds) + " s",
                      kQualityBusyRetryAfterSeconds);
  }
}

}  // namespace

QualityReport quality_from_store(const std::filesystem::path& raw_root, const QualityPeriod& period,
                                 const QualityThresholds& thresholds, Timestamp now,
                                 ConcurrencyLimit* counting) {
  const parquet::QualityRollups rollups(raw_root);
  const std::string symbol(period.symbol.view());
  const Timestamp first_minute = floor_to(period.from, kMicrosPerMinute);
  std::vector<QualityMinute> minutes;
  std::optional<ConcurrencyLimit::Slot> counting_slot;
  for (Timestamp day = floor_to(first_minute, kMicrosPerDay); day < period.to; day += kMicrosPerDay) {
    const std::string name = parquet::utc_day(day);
    const auto fingerprint = rollups.fingerprint(symbol, name);
    if (!fingerprint) continue;  // no data that day: its minutes are missing
    const Timestamp day_end = day + kMicrosPerDay;
    std::vector<QualityMinute> counted;
    if (day_end + kRollupSettleTime > now) {
      take_counting_slot(counting, counting_slot, symbol, name);
      counted = replay_minutes(raw_root, period.symbol, std::max(day, first_minute),
                               std::min(day_end, period.to), thresholds);
    } else if (auto stored = rollups.read(symbol, name, *fingerprint)) {
      counted = std::move(*stored);
    } else {
      take_counting_slot(counting, counting_slot, symbol, name);
      counted = count_closed_day(rollups, raw_root, period.symbol, day, *fingerprint, thresholds);
    }
    minutes.insert(minutes.end(), std::make_move_iterator(counted.begin()),
                   std::make_move_iterator(counted.end()));
  }
  return build_quality_report(period.symbol, period.from, period.to, minutes, thresholds);
}

std::vector<std::string> write_day_rollups(const std::filesystem::path& raw_root, const std::string& day,
                                           const QualityThresholds& thresholds,
                                           parquet::LiveQualityMinutes* live) {
  const auto start = parquet::parse_utc_day(day);
  if (!start) throw std::invalid_argument("'" + day + "' is not a UTC day (YYYY-MM-DD)");
  const parquet::QualityRollups rollups(raw_root);
  std::vector<std::string> written;
  for (const auto& [name, days] : parquet::take_inventory(raw_root).days_by_symbol) {
    Symbol symbol;
    const auto fingerprint = days.contains(day) ? rollups.fingerprint(name, day) : std::nullopt;
    if (!fingerprint || !symbol.assign(name) || rollups.read(name, day, *fingerprint)) continue;
    if (auto counted_live = live ? live->take_whole_day(name, *start) : std::nullopt) {
      rollups.write(name, day, *fingerprint, *counted_live);
    } else {
      (void)count_closed_day(rollups, raw_root, symbol, *start, *fingerprint, thresholds);
    }
    written.push_back(name);
  }
  return written;
}

}  // namespace fsvc::app
