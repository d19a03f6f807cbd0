#include "driver/quality_from_store.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/quality_replay.hpp"
#include "ports/quality_reports.hpp"

namespace fsvc {

namespace {

// The inputs refused before the engine, counted in the minutes they were counted in live;
// `minutes` stays in ascending order.
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

// The minutes of [from, to) counted by replaying the stored inputs through the engine, with what
// was refused before it.
std::vector<QualityMinute> replay_minutes(const QualityStore& store, const Symbol& symbol, Timestamp from,
                                          Timestamp to, const QualityThresholds& thresholds) {
  EngineConfig config;
  config.quality = thresholds;
  const StoredInputs inputs = store.inputs(symbol, from, to);
  std::vector<QualityMinute> minutes =
      replay_quality(config, inputs.journal ? OfflineTicks::journal : OfflineTicks::canonical, inputs.read,
                     symbol, from, to);
  add_stored_refusals(minutes, symbol, store.refusals(symbol, floor_to(from, kMicrosPerMinute), to));
  return minutes;
}

// A closed day counted from the stored inputs, and its rollup written for the next report.
std::vector<QualityMinute> count_closed_day(const QualityStore& store, const Symbol& symbol, Timestamp day,
                                            const std::string& fingerprint,
                                            const QualityThresholds& thresholds) {
  std::vector<QualityMinute> counted = replay_minutes(store, symbol, day, day + kMicrosPerDay, thresholds);
  store.write_rollup(std::string(symbol.view()), format_utc_date(day), fingerprint, counted);
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

QualityReport quality_from_store(const QualityStore& store, const QualityPeriod& period,
                                 const QualityThresholds& thresholds, Timestamp now,
                                 ConcurrencyLimit* counting) {
  const std::string symbol(period.symbol.view());
  const Timestamp first_minute = floor_to(period.from, kMicrosPerMinute);
  std::vector<QualityMinute> minutes;
  std::optional<ConcurrencyLimit::Slot> counting_slot;
  for (Timestamp day = floor_to(first_minute, kMicrosPerDay); day < period.to; day += kMicrosPerDay) {
    const std::string name = format_utc_date(day);
    const auto fingerprint = store.fingerprint(symbol, name);
    if (!fingerprint) continue;  // no data that day: its minutes are missing
    const Timestamp day_end = day + kMicrosPerDay;
    std::vector<QualityMinute> counted;
    if (day_end + kRollupSettleTime > now) {
      take_counting_slot(counting, counting_slot, symbol, name);
      counted = replay_minutes(store, period.symbol, std::max(day, first_minute),
                               std::min(day_end, period.to), thresholds);
    } else if (auto stored = store.rollup(symbol, name, *fingerprint)) {
      counted = std::move(*stored);
    } else {
      take_counting_slot(counting, counting_slot, symbol, name);
      counted = count_closed_day(store, period.symbol, day, *fingerprint, thresholds);
    }
    minutes.insert(minutes.end(), std::make_move_iterator(counted.begin()),
                   std::make_move_iterator(counted.end()));
  }
  return build_quality_report(period.symbol, period.from, period.to, minutes, thresholds);
}

std::vector<std::string> write_day_rollups(const QualityStore& store, const std::string& day,
                                           const QualityThresholds& thresholds, LiveQualityDays* live) {
  const auto start = parse_iso8601(day + "T00:00:00Z");
  if (!start || format_utc_date(*start) != day)
    throw std::invalid_argument("'" + day + "' is not a UTC day (YYYY-MM-DD)");
  std::vector<std::string> written;
  for (const std::string& stored : store.symbols_on(day)) {
    Symbol symbol;
    const auto fingerprint = store.fingerprint(stored, day);
    if (!fingerprint || !symbol.assign(stored) || store.rollup(stored, day, *fingerprint)) continue;
    if (auto counted_live = live ? live->take_whole_day(stored, *start) : std::nullopt) {
      store.write_rollup(stored, day, *fingerprint, *counted_live);
    } else {
      (void)count_closed_day(store, symbol, *start, *fingerprint, thresholds);
    }
    written.push_back(stored);
  }
  return written;
}

}  // namespace fsvc
