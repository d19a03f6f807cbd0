// Raw store throughput: Parquet write (events/s, bytes per event by type), the read-and-merge side
// of rebuild, and the whole rebuild through the engine (events/s on one core) over a simulated day.
//
//   build/rawstore/bin/feature_benchmarks --benchmark_filter=Raw
//   FS_BENCH_RAW_FULL_DAY=1 build/rawstore/bin/feature_benchmarks --benchmark_filter=RawRebuild
// The full day is 5,000,000 book deltas and 2,000,000 trades for one symbol; the default is a tenth.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "app/store_rebuild.hpp"
#include "raw_bench_events.hpp"
#include "support/manual_clock.hpp"

namespace {

using namespace fsvc;
using namespace fsvc::parquet;
using namespace fsvc::bench;
namespace fs = std::filesystem;

// A delta touching 1-3 levels near a slowly moving price, like BTCUSDT orderbook.50.
MarketEvent bench_delta(Timestamp ts, std::uint64_t seq) {
  BookUpdate b;
  b.header = bench_header(ts, seq);
  b.update_id = static_cast<std::int64_t>(seq);
  b.cross_seq = static_cast<std::int64_t>(seq * 7);
  b.depth = 50;
  const std::int64_t mid = 10'000'000'000'000 + static_cast<std::int64_t>(seq % 1000) * 10'000'000;
  for (std::uint64_t i = 0; i <= seq % 3; ++i) {
    b.bids.push_back({mid - static_cast<std::int64_t>(i + 1) * 10'000'000,
                      static_cast<std::int64_t>((seq + i) % 5) * 1'000'000});
  }
  b.asks.push_back({mid + 10'000'000, static_cast<std::int64_t>(seq % 7) * 2'000'000});
  return b;
}

MarketEvent bench_ticker(Timestamp ts, std::uint64_t seq) {
  TickerUpdate t;
  t.header = bench_header(ts, seq);
  t.last_price = 100000.0 + static_cast<double>(seq % 100);
  t.mark_price = 100000.5;
  t.open_interest = 52'000.25;
  return t;
}

std::uintmax_t parquet_bytes(const fs::path& root) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

template <MarketEvent (*Make)(Timestamp, std::uint64_t)>
void BM_RawWrite(benchmark::State& state) {
  const std::uint64_t count = static_cast<std::uint64_t>(state.range(0));
  std::uintmax_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const fs::path root = fs::temp_directory_path() / ("raw-bench-write-" + std::to_string(::getpid()));
    fs::remove_all(root);
    std::vector<MarketEvent> events;
    for (std::uint64_t seq = 1; seq <= count; ++seq)
      events.push_back(Make(kDayStart + static_cast<Timestamp>(seq) * 1'000, seq));
    state.ResumeTiming();
    {
      RawStoreOptions options;
      options.root = root;
      options.clock = std::make_shared<test::ManualClock>(kDayStart);
      RawStore store(options);
      for (const auto& event : events) store.append(event);
      store.flush();
    }
    state.PauseTiming();
    bytes = parquet_bytes(root);
    fs::remove_all(root);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(count));
  state.counters["bytes_per_event"] = static_cast<double>(bytes) / static_cast<double>(count);
}
BENCHMARK(BM_RawWrite<bench_delta>)
    ->Name("RawWrite/book_delta")
    ->Arg(500'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RawWrite<bench_trade>)
    ->Name("RawWrite/trade")
    ->Arg(500'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RawWrite<bench_ticker>)
    ->Name("RawWrite/ticker")
    ->Arg(200'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Writes one simulated day once per process: a snapshot, then book deltas and trades interleaved
// in time (5 deltas for every 2 trades), as `import` would have stored them (no journal ticks).
const fs::path& simulated_day() {
  static const fs::path root = [] {
    const bool full = std::getenv("FS_BENCH_RAW_FULL_DAY") != nullptr;
    const std::uint64_t deltas = full ? 5'000'000 : 500'000;
    const std::uint64_t trades = full ? 2'000'000 : 200'000;
    const fs::path dir = fs::temp_directory_path() / ("raw-bench-day-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    seed_simulated_days(dir, 1, deltas, trades);
    return dir;
  }();
  return root;
}

void BM_RawRebuildRead(benchmark::State& state) {
  const fs::path& root = simulated_day();
  std::size_t events = 0;
  for (auto _ : state) {
    RawReader reader(root);
    std::int64_t checksum = 0;
    events = reader.read(
        range_query("BTCUSDT", {RawKind::book_snapshot, RawKind::book_delta, RawKind::trade}, kDayStart,
                    kDayStart + kMicrosPerDay - 1, ReadOrder::event_time),
        [&](EngineInput&& input) { checksum += static_cast<std::int64_t>(ingest_seq_of(input)); });
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events));
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_RawRebuildRead)
    ->Name("RawRebuildRead/day")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

struct CountingSink final : VectorSink {
  std::uint64_t vectors = 0;
  void on_vector(const FeatureVector&) override { ++vectors; }
};

// `rebuild` of the whole day as the command runs it: plan, pruned read, canonical replay through
// the engine with a tick (and a full vector) every second.
void BM_RawRebuild(benchmark::State& state) {
  const fs::path& root = simulated_day();
  RangeReplayStats stats;
  CountingSink sink;
  for (auto _ : state) {
    RawReader reader(root);
    const auto plan =
        plan_rebuild(reader, "BTCUSDT", kDayStart + kMicrosPerSecond, kDayStart + kMicrosPerDay - 1);
    stats = app::rebuild_vectors(reader, plan, EngineConfig{}, sink);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(stats.inputs));
  state.counters["events"] = static_cast<double>(stats.inputs);
  state.counters["vectors"] = static_cast<double>(stats.vectors_written);
}
BENCHMARK(BM_RawRebuild)->Name("RawRebuild/day")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

// The benchmark binary has no shared main yet (bench/CMakeLists.txt links benchmark, not
// benchmark_main); remove this line when another file provides one.
BENCHMARK_MAIN();
