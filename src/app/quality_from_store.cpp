#include "app/quality_from_store.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "adapters/parquet/quality_rollups.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "driver/quality_replay.hpp"

namespace fsvc::app {

namespace {

// The minutes of [from, to) counted by replaying the raw store through the engine.
std::vector<QualityMinute> replay_minutes(const std::filesystem::path& raw_root, const Symbol& symbol,
                                          Timestamp from, Timestamp to, const QualityThresholds& thresholds) {
  parquet::RawReader reader(raw_root, parquet::DamagePolicy::fail);
  EngineConfig config;
  config.quality = thresholds;
  const parquet::RebuildPlan plan = parquet::plan_rebuild(reader, std::string(symbol.view()), from, to);
  return replay_quality(
      config, plan.journal ? OfflineTicks::journal : OfflineTicks::canonical,
      [&](const InputCallback& deliver, const GapCallback& gap) { reader.read(plan.query, deliver, gap); },
      symbol, from, to);
}

}  // namespace

QualityReport quality_from_store(const std::filesystem::path& raw_root, const QualityPeriod& period,
                                 const QualityThresholds& thresholds, Timestamp now) {
  const parquet::QualityRollups rollups(raw_root);
  const std::string symbol(period.symbol.view());
  const Timestamp first_minute = floor_to(period.from, kMicrosPerMinute);
  std::vector<QualityMinute> minutes;
  for (Timestamp day = floor_to(first_minute, kMicrosPerDay); day < period.to; day += kMicrosPerDay) {
    const std::string name = parquet::utc_day(day);
    const auto fingerprint = rollups.fingerprint(symbol, name);
    if (!fingerprint) continue;  // no data that day: its minutes are missing
    const Timestamp day_end = day + kMicrosPerDay;
    std::vector<QualityMinute> counted;
    if (day_end + kRollupSettleTime > now) {
      counted = replay_minutes(raw_root, period.symbol, std::max(day, first_minute),
                               std::min(day_end, period.to), thresholds);
    } else if (auto stored = rollups.read(symbol, name, *fingerprint)) {
      counted = std::move(*stored);
    } else {
      counted = replay_minutes(raw_root, period.symbol, day, day_end, thresholds);
      rollups.write(symbol, name, *fingerprint, counted);
    }
    minutes.insert(minutes.end(), std::make_move_iterator(counted.begin()),
                   std::make_move_iterator(counted.end()));
  }
  return build_quality_report(period.symbol, period.from, period.to, minutes, thresholds);
}

}  // namespace fsvc::app
