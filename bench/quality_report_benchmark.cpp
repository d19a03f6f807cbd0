// The 24 h data-quality report of a busy symbol with its minute rollup present (quality.md §3:
// ≤ 0.5 s), in process, as GET /data-quality/report computes it: read the day's 1,440 rollup rows,
// sum them, write the recommendations; and the rollup `serve` writes from its live counters as a
// day closes. `feature-service quality` adds the process start-up
// (loading libduckdb dominates it; BENCHMARKS.md).
//
//   build/cc/bin/feature_benchmarks
//   --benchmark_filter='BM_QualityReport24hFromRollup|BM_DayRollupFromLiveMinutes'
#include <benchmark/benchmark.h>

#include <filesystem>
#include <optional>

#include "adapters/parquet/live_quality_minutes.hpp"
#include "adapters/parquet/quality_rollups.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "driver/quality_from_store.hpp"
#include "raw_bench_events.hpp"
#include "support/manual_clock.hpp"

namespace {

using namespace fsvc;
using namespace fsvc::bench;
namespace fs = std::filesystem;

// A busy minute: every stream flowing, a few anomalies, late events and rejections, and now and
// then a sequence gap with its desynchronization and recovery.
QualityMinute busy_minute(Timestamp start, int n) {
  QualityMinute m;
  (void)m.symbol.assign("BTCUSDT");
  m.start = start;
  for (int x = 0; x < kEventTypeCount; ++x) {
    StreamMinute& s = m.streams[static_cast<std::size_t>(x)];
    s.seconds_with_events = ~std::uint64_t{0} >> 4;
    s.events = 2'700u / static_cast<std::uint64_t>(x + 1);
    s.anomalous_events = static_cast<std::uint64_t>(n % 3);
    s.anomalies[static_cast<std::size_t>(AnomalyCheck::clock_skew)] = s.anomalous_events;
    s.expected_seconds = 60;
    s.late_events = static_cast<std::uint64_t>(n % 2);
    s.max_lateness = 1'200'000;
  }
  if (n % 97 == 0) {
    m.stream(EventType::orderbook).sequence_gaps = 1;
    m.stream(EventType::orderbook).desynchronizations = 1;
    m.gaps.push_back({start + 5, 100, 103});
    m.desyncs.push_back({start + 5, DesyncCause::sequence_gap});
    m.resyncs.push_back({start + 5, start + 900'000});
  }
  if (n % 50 == 0) m.add_rejected(EventType::trade, "bad_number");
  return m;
}

// A raw store with one trade on the day (the rollup's fingerprint is of the day's raw files) and
// the day's rollup of 1,440 busy minutes.
fs::path store_with_rollup() {
  const fs::path root = fs::temp_directory_path() / "fs-bench-quality-report";
  fs::remove_all(root);
  {
    parquet::RawStoreOptions options;
    options.root = root;
    options.clock = std::make_shared<test::ManualClock>(kDayStart + 2 * kMicrosPerDay);
    parquet::RawStore store(options);
    store.append(bench_trade(kDayStart + kMicrosPerHour, 1));
    store.flush();
  }
  std::vector<QualityMinute> minutes;
  for (int n = 0; n < 1'440; ++n) minutes.push_back(busy_minute(kDayStart + n * kMicrosPerMinute, n));
  const parquet::QualityRollups rollups(root);
  const std::string day = parquet::utc_day(kDayStart);
  rollups.write("BTCUSDT", day, *rollups.fingerprint("BTCUSDT", day), minutes);
  return root;
}

// The report of a day with its rollup as `GET /data-quality/report` answers it: the service keeps
// one store, and so one DuckDB instance, for every report (`_FreshStore`: the first report of a
// process, as the CLI's, opening the instance).
void quality_report_from_rollup(benchmark::State& state, bool fresh_store) {
  const fs::path root = store_with_rollup();
  QualityPeriod period;
  (void)period.symbol.assign("BTCUSDT");
  period.from = kDayStart;
  period.to = kDayStart + kMicrosPerDay;
  ConcurrencyLimit counting(1);
  const auto busy = counting.try_take();  // a replay would need a slot: the report must not replay
  std::optional<parquet::RawQualityStore> kept(std::in_place, root);
  for (auto _ : state) {
    if (fresh_store) kept.emplace(root);
    const QualityReport report =
        quality_from_store(*kept, period, {}, kDayStart + 2 * kMicrosPerDay, &counting);
    benchmark::DoNotOptimize(report.streams);
  }
  fs::remove_all(root);
}

void BM_QualityReport24hFromRollup(benchmark::State& state) {
  quality_report_from_rollup(state, false);
}
BENCHMARK(BM_QualityReport24hFromRollup)->Unit(benchmark::kMillisecond);

void BM_QualityReport24hFromRollup_FreshStore(benchmark::State& state) {
  quality_report_from_rollup(state, true);
}
BENCHMARK(BM_QualityReport24hFromRollup_FreshStore)->Unit(benchmark::kMillisecond);

// What `serve`'s converter does as a day closes, now that the live counters are kept: the day's
// 1,440 live minutes written as its rollup (before: the day replayed through the engine, 32 s of
// CPU and 272 MB for a busy day, BENCHMARKS.md).
void BM_DayRollupFromLiveMinutes(benchmark::State& state) {
  const fs::path root = store_with_rollup();
  const parquet::QualityRollups rollups(root);
  const std::string day = parquet::utc_day(kDayStart);
  std::vector<QualityMinute> minutes{busy_minute(kDayStart - kMicrosPerMinute, 1)};
  for (int n = 0; n <= 1'440; ++n) minutes.push_back(busy_minute(kDayStart + n * kMicrosPerMinute, n));
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove(rollups.file("BTCUSDT", day));
    parquet::LiveQualityMinutes live;
    live.add(minutes);
    state.ResumeTiming();
    if (write_day_rollups(parquet::RawQualityStore(root), day, {}, &live).size() != 1)
      state.SkipWithError("no rollup written");
  }
  fs::remove_all(root);
}
BENCHMARK(BM_DayRollupFromLiveMinutes)->Unit(benchmark::kMillisecond);

}  // namespace
