// A training dataset of one simulated month of one symbol (datasets.md, issue 10): the raw store is
// seeded directly (as RawRebuild seeds its day; a month of JSON would not fit the disk budget),
// then built into a 1 s dataset with walk-forward folds through the same path as the CLI and the
// queue (app::build_dataset_from_store + DatasetFileWriter).
//
//   FS_BENCH_DATASET_DIR=/tmp/ds-month build/cc/bin/feature_benchmarks --benchmark_filter=DatasetMonth
// The store is seeded once into FS_BENCH_DATASET_DIR/raw and kept (seeding takes minutes), so the
// CLI can be measured on the same data: see BENCHMARKS.md. FS_BENCH_DATASET_DAYS (default 30) and
// FS_BENCH_DATASET_EVENTS_PER_DAY (default 3,333,333: ~100 M a month, 5 deltas : 2 trades).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "adapters/parquet/dataset_file_writer.hpp"
#include "app/dataset_from_store.hpp"
#include "raw_bench_events.hpp"

namespace {

using namespace fsvc;
namespace fs = std::filesystem;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text ? std::strtoull(text, nullptr, 10) : fallback;
}

// Seeds {dir}/raw once; a marker file says the seeding completed.
fs::path seeded_month(const fs::path& dir, int days, std::uint64_t per_day) {
  const fs::path raw = dir / "raw";
  const fs::path marker = dir / ("seeded-" + std::to_string(days) + "x" + std::to_string(per_day));
  if (fs::exists(marker)) return raw;
  fs::remove_all(raw);
  fs::create_directories(dir);
  const std::uint64_t deltas = per_day * 5 / 7;
  bench::seed_simulated_days(raw, days, deltas, per_day - deltas);
  std::ofstream(marker) << "ok\n";
  return raw;
}

dataset::DatasetRequest month_request(int days) {
  dataset::DatasetRequest r;
  r.symbol = "BTCUSDT";
  r.strategy = dataset::Strategy::walk_forward;
  r.walk_forward = dataset::WalkForwardConfig{7 * kMicrosPerDay,
                                              kMicrosPerDay,
                                              kMicrosPerDay,
                                              bench::kDayStart + 10 * kMicrosPerMinute,
                                              bench::kDayStart + days * kMicrosPerDay - 2 * kMicrosPerMinute,
                                              1000,
                                              kMicrosPerDay};
  r.target.horizon = 60 * kMicrosPerSecond;
  r.embargo = 60 * kMicrosPerSecond;
  return r;
}

void BM_DatasetMonth(benchmark::State& state) {
  const char* dir = std::getenv("FS_BENCH_DATASET_DIR");
  if (dir == nullptr) {
    state.SkipWithError("set FS_BENCH_DATASET_DIR (the seeded month is kept there, ~1 GB)");
    return;
  }
  const int days = static_cast<int>(env_number("FS_BENCH_DATASET_DAYS", 30));
  const fs::path raw = seeded_month(dir, days, env_number("FS_BENCH_DATASET_EVENTS_PER_DAY", 3'333'333));
  const dataset::DatasetRequest request = month_request(days);
  const dataset::SplitPlan plan = dataset::plan_splits(request);
  DatasetBuildStats stats;
  std::uint64_t rows = 0;
  for (auto _ : state) {
    std::vector<parquet::DatasetFileSpec> files;
    for (const auto& segment : plan.segments) files.push_back({dataset::segment_name(segment), segment.period});
    const fs::path out = fs::path(dir) / "dataset";
    parquet::DatasetFileWriter writer(out, files, builtin_layout(), request.target.kind, request.output_format);
    parquet::RawReader reader(raw);
    stats = app::build_dataset_from_store(reader, request, EngineConfig{}, writer);
    writer.commit("{}", stats.skipped_segments);
  }
  for (auto n : stats.rows_per_segment) rows += n;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(stats.inputs));
  state.counters["events"] = static_cast<double>(stats.inputs);
  state.counters["vectors"] = static_cast<double>(stats.vectors);
  state.counters["rows_written"] = static_cast<double>(rows);
  state.counters["folds"] = static_cast<double>(plan.folds);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_DatasetMonth)->Name("DatasetMonth")->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
