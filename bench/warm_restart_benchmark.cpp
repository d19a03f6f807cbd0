// Warm restart (issue 14): how long `serve` takes to restore a busy symbol's engine from the raw
// store, what a `rebuild` of the last hour of a long journal costs once book checkpoints exist, and
// how long a live registry switch takes to warm the new engine and how long it holds the engine thread.
//
//   build/cc/bin/feature_benchmarks --benchmark_filter=WarmRestart
//
// The journals are written as the live service writes them: book deltas and trades, a tick every
// second, and (unless stated) the engine's own book checkpoint after every full minute.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "adapters/clock/system_clock.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "app/store_rebuild.hpp"
#include "core/registry/builtin_registry.hpp"
#include "support/manual_clock.hpp"
#include "support/wide_registry.hpp"

namespace {

using namespace fsvc;
using namespace fsvc::parquet;
namespace fs = std::filesystem;

constexpr Timestamp kStart = 1'737'936'000'000'000;  // 2025-01-27T00:00:00Z
constexpr std::int64_t kTick = 10'000'000;           // 0.1
constexpr std::int64_t kBase = 10'000'000'000'000;

EventHeader header_at(Timestamp ts, std::uint64_t seq) {
  EventHeader h;
  (void)h.symbol.assign("BTCUSDT");
  (void)h.event_id.assign("evt-" + std::to_string(seq));
  h.ts_event = ts;
  h.ingest_seq = seq;
  return h;
}

// A 50-level book, then deltas touching one level on each side near the touch (never crossing).
BookUpdate snapshot_at(Timestamp ts, std::uint64_t seq) {
  BookUpdate b;
  b.header = header_at(ts, seq);
  b.is_snapshot = true;
  b.update_id = 1;
  for (std::int64_t i = 1; i <= 50; ++i) {
    b.bids.push_back({kBase - i * kTick, (i % 7 + 1) * 1'000'000});
    b.asks.push_back({kBase + i * kTick, (i % 5 + 1) * 1'000'000});
  }
  return b;
}

BookUpdate delta_at(Timestamp ts, std::uint64_t seq, std::int64_t u) {
  BookUpdate b;
  b.header = header_at(ts, seq);
  b.update_id = u;
  const std::int64_t offset = (u % 10 + 1) * kTick;
  b.bids.push_back({kBase - offset, (u % 3) * 1'000'000});
  b.asks.push_back({kBase + offset, (u % 4 + 1) * 1'000'000});
  return b;
}

TradeEvent trade_at(Timestamp ts, std::uint64_t seq) {
  TradeEvent t;
  t.header = header_at(ts, seq);
  t.price = kBase + static_cast<std::int64_t>(seq % 20) * kTick;
  t.size = static_cast<std::int64_t>(seq % 50 + 1) * 100'000;
  t.taker_side = seq % 2 ? Side::buy : Side::sell;
  (void)t.trade_id.assign("trd-" + std::to_string(seq));
  return t;
}

struct JournalShape {
  Duration span = kMicrosPerHour;
  int deltas_per_second = 400;  // a busy BTCUSDT orderbook.50
  int trades_per_second = 100;
  // Seconds at this rate at the end of the span; the rest (a long quiet history) has one delta
  // and one trade a second, so that a simulated week stays small enough to write.
  Duration busy_tail = kMicrosPerHour;
  bool checkpoints = true;
};

// Writes the journal the live path would have written: every input goes through an engine too,
// which supplies the checkpoints.
fs::path write_journal(const std::string& name, const JournalShape& shape) {
  const fs::path root =
      fs::temp_directory_path() / ("warm-restart-bench-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(root);
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kStart + shape.span);
  RawStore store(options);
  Engine engine;
  std::uint64_t seq = 0;
  std::int64_t u = 1;
  const auto consume = [&](const MarketEvent& event) {
    store.append(event);
    engine.on_event(event);
  };
  consume(snapshot_at(kStart, ++seq));
  for (Timestamp second = kStart; second < kStart + shape.span; second += kMicrosPerSecond) {
    const bool busy = second >= kStart + shape.span - shape.busy_tail;
    const int deltas = busy ? shape.deltas_per_second : 1;
    const int trades = busy ? shape.trades_per_second : 1;
    for (int i = 0; i < deltas + trades; ++i) {
      const Timestamp ts = second + (i + 1) * (kMicrosPerSecond / (deltas + trades + 1));
      if (i < deltas) {
        consume(delta_at(ts, ++seq, ++u));
      } else {
        consume(trade_at(ts, ++seq));
      }
    }
    Tick tick;
    tick.symbol = header_at(0, 0).symbol;
    tick.boundary = second + kMicrosPerSecond;
    tick.ingest_seq = ++seq;
    store.append(tick);
    engine.on_tick(tick);
    if (shape.checkpoints && tick.boundary % kMicrosPerMinute == 0) {
      if (auto checkpoint = engine.find("BTCUSDT")->book_checkpoint(tick.boundary)) {
        checkpoint->header.ingest_seq = ++seq;
        consume(*checkpoint);
      }
    }
  }
  store.flush();
  return root;
}

// What a warm start (and a live switch's warm-up) replays over `lookback` of the one symbol.
std::vector<RestorePlan> restore_plans(RawReader& reader, Timestamp horizon, Duration lookback) {
  std::vector<RestorePlan> plans;
  if (auto plan = plan_restore(reader, "BTCUSDT", horizon, lookback)) plans.push_back(*plan);
  return plans;
}

// The restore `serve` runs before consuming: plan, read, replay on the engine thread.
void restore(benchmark::State& state, const fs::path& root, Timestamp horizon) {
  RestoreReport report;
  for (auto _ : state) {
    const SystemClock clock;
    OnlineDriver driver(clock, OnlineDriverOptions{});
    RawReader reader(root);
    report = app::restore_engine(driver, reader,
                                 restore_plans(reader, horizon, EngineConfig{}.longest_lookback()));
  }
  state.counters["inputs"] = static_cast<double>(report.inputs);
  state.counters["ticks"] = static_cast<double>(report.ticks);
}

void BM_RestoreWithCheckpoints(benchmark::State& state) {
  static const fs::path root = write_journal("checkpoints", JournalShape{});
  restore(state, root, kStart + kMicrosPerHour);
}
BENCHMARK(BM_RestoreWithCheckpoints)
    ->Name("WarmRestart/restore_5min_of_busy_hour")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_RestoreWithoutCheckpoints(benchmark::State& state) {
  JournalShape shape;
  shape.checkpoints = false;  // the only snapshot is an hour old: the whole hour is replayed
  static const fs::path root = write_journal("no-checkpoints", shape);
  restore(state, root, kStart + kMicrosPerHour);
}
BENCHMARK(BM_RestoreWithoutCheckpoints)
    ->Name("WarmRestart/restore_1h_of_busy_hour")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// A live registry switch (registry.md §4): how long OnlineDriver::switch_engine takes to warm the
// new engine from the raw store over the new registry's lookback, exactly as serve's
// LiveRegistrySwitch does (plan_restore through the last input, app::replay_plans), on a driver
// restored from the busy hour with checkpoints (the time, real: until the switch is installed), and
// how long of it the engine thread was held, applying nothing else (`engine_thread_ms`).
void switch_to(benchmark::State& state, const FeatureRegistry& registry) {
  static const fs::path root = write_journal("switch", JournalShape{});
  const Timestamp horizon = kStart + kMicrosPerHour;
  const SystemClock clock;
  OnlineDriverOptions options;
  {
    // As serve numbers on after the journal, so that the switch's warm-up reads it through its end.
    RawStoreOptions store_options;
    store_options.root = root;
    store_options.clock = std::make_shared<test::ManualClock>(horizon);
    options.first_ingest_seq = RawStore(store_options).recovery().max_ingest_seq + 1;
  }
  OnlineDriver driver(clock, options);
  RawReader restore_reader(root);
  app::restore_engine(driver, restore_reader,
                      restore_plans(restore_reader, horizon, EngineConfig{}.longest_lookback()));
  EngineConfig next;
  next.registry = registry;
  EngineSwitch done;
  for (auto _ : state) {
    const InputSource warm_up = [&](const InputCallback& deliver, const GapCallback& gap) {
      RawReader reader(root);
      const auto plans = restore_plans(reader, horizon, next.longest_lookback());
      app::replay_plans(reader, plans)(deliver, gap);
    };
    done = driver.switch_engine(next, warm_up, [](const EngineSwitch&) {});
  }
  driver.stop();
  state.counters["inputs"] = static_cast<double>(done.warm_up.inputs);
  state.counters["engine_thread_ms"] = static_cast<double>(done.engine_thread_micros) / 1000.0;
  state.counters["lookback_s"] = static_cast<double>(next.longest_lookback() / kMicrosPerSecond);
}

void BM_SwitchTo100(benchmark::State& state) {
  switch_to(state, builtin_registry());
}
BENCHMARK(BM_SwitchTo100)
    ->Name("WarmRestart/live_switch_to_1.0.0")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_SwitchToOneHourWindows(benchmark::State& state) {
  switch_to(state, test::wide_registry());
}
BENCHMARK(BM_SwitchToOneHourWindows)
    ->Name("WarmRestart/live_switch_to_100_features_1h_windows")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

struct CountingSink final : VectorSink {
  void on_vector(const FeatureVector&) override {}
};

// A week whose only real snapshot is at its start, the last hour busy: `rebuild` of that hour.
void BM_RebuildLastHourOfAWeek(benchmark::State& state) {
  JournalShape week;
  week.span = 7 * 24 * kMicrosPerHour;
  static const fs::path root = write_journal("week", week);
  RangeReplayStats stats;
  CountingSink sink;
  for (auto _ : state) {
    RawReader reader(root);
    const Timestamp end = kStart + week.span;
    const auto plan =
        plan_rebuild(reader, "BTCUSDT", end - kMicrosPerHour, end, EngineConfig{}.longest_lookback());
    stats = app::rebuild_vectors(reader, plan, EngineConfig{}, sink);
  }
  state.counters["inputs"] = static_cast<double>(stats.inputs);
  state.counters["vectors"] = static_cast<double>(stats.vectors_written);
}
BENCHMARK(BM_RebuildLastHourOfAWeek)
    ->Name("WarmRestart/rebuild_last_hour_of_week")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
