#include <benchmark/benchmark.h>
#include <malloc.h>

#include <memory>
#include <vector>

#include "core/engine/symbol_engine.hpp"
#include "core/types/decimal.hpp"
#include "support/wide_registry.hpp"

namespace fsvc {
namespace {

constexpr std::int64_t kTick = kFixedScale / 10;  // 0.1 price step
constexpr std::int64_t kBase = 65'000 * kFixedScale;

Symbol btc() {
  Symbol s;
  (void)s.assign("BTCUSDT");
  return s;
}

BookUpdate snapshot(Timestamp ts, std::int64_t u) {
  BookUpdate b;
  b.header.symbol = btc();
  b.header.ts_event = ts;
  b.is_snapshot = true;
  b.update_id = u;
  for (int i = 1; i <= 200; ++i) {
    b.bids.push_back({kBase - i * kTick, (i % 7 + 1) * kFixedScale / 100});
    b.asks.push_back({kBase + i * kTick, (i % 5 + 1) * kFixedScale / 100});
  }
  return b;
}

// A delta touching one level near the top of each side, as most live deltas do.
BookUpdate delta(Timestamp ts, std::int64_t u) {
  BookUpdate b;
  b.header.symbol = btc();
  b.header.ts_event = ts;
  b.update_id = u;
  const std::int64_t offset = (u % 10 + 1) * kTick;
  b.bids.push_back({kBase - offset, (u % 3) * kFixedScale / 100});
  b.asks.push_back({kBase + offset, (u % 4) * kFixedScale / 100});
  return b;
}

TradeEvent trade(Timestamp ts, std::int64_t n) {
  TradeEvent t;
  t.header.symbol = btc();
  t.header.ts_event = ts;
  t.price = kBase + (n % 5) * kTick;
  t.size = (n % 9 + 1) * kFixedScale / 1000;
  t.taker_side = n % 2 == 0 ? Side::buy : Side::sell;
  return t;
}

// Six minutes of a busy symbol: 100 book deltas and 50 trades per second, ticked every second.
void fill(SymbolEngine& engine, Timestamp start, int seconds) {
  std::int64_t u = 1;
  engine.apply(snapshot(start, u));
  for (int s = 0; s < seconds; ++s) {
    const Timestamp second = start + s * kMicrosPerSecond;
    for (int i = 0; i < 100; ++i) engine.apply(delta(second + i * 10'000, ++u));
    for (int i = 0; i < 50; ++i) engine.apply(trade(second + i * 20'000 + 5, s * 50 + i));
    engine.emit(second + kMicrosPerSecond);
  }
}

EngineConfig wide_config() {
  EngineConfig config;
  config.registry = test::wide_registry();
  return config;
}

// A symbol's engine filled past its registry's longest lookback; `state_bytes` is the heap it
// holds then (glibc's count of bytes in use, before and after).
std::unique_ptr<SymbolEngine> filled_engine(benchmark::State& state, const EngineConfig& config) {
  const Timestamp start = 1'700'000'000 * kMicrosPerSecond;
  const std::size_t before = mallinfo2().uordblks;
  auto engine = std::make_unique<SymbolEngine>(btc(), config);
  fill(*engine, start, static_cast<int>(config.longest_lookback() / kMicrosPerSecond) + 60);
  state.counters["state_bytes"] = static_cast<double>(mallinfo2().uordblks - before);
  return engine;
}

// emit() refuses a boundary twice, so measure the same computation through latest(), which
// reads every window and the volatility grid exactly as a grid vector does.
void BM_EmitFullVector(benchmark::State& state) {
  const auto engine = filled_engine(state, EngineConfig{});
  for (auto _ : state) benchmark::DoNotOptimize(engine->latest());
}
BENCHMARK(BM_EmitFullVector);

// The same for the 100 features of test::wide_registry() (windows from 1 s to 1 h).
void BM_EmitFullVector100Features(benchmark::State& state) {
  const auto engine = filled_engine(state, wide_config());
  for (auto _ : state) benchmark::DoNotOptimize(engine->latest());
}
BENCHMARK(BM_EmitFullVector100Features);

// `latest` as of an event just after `seconds` of fill(): past the last emitted boundary and in
// the next second, so nothing computed at a boundary applies.
void measure_latest_after(benchmark::State& state, int seconds) {
  const EngineConfig config;
  const Timestamp start = 1'700'000'000 * kMicrosPerSecond;
  SymbolEngine engine(btc(), config);
  fill(engine, start, seconds);
  engine.apply(delta(start + (seconds + 1) * kMicrosPerSecond + 50'000, seconds * 100 + 2));
  for (auto _ : state) benchmark::DoNotOptimize(engine.latest());
}

// Both volatility windows read the newest return from the book history, the rest from the grid.
void BM_LatestVectorPastLastBoundary(benchmark::State& state) {
  measure_latest_after(state, 360);
}
BENCHMARK(BM_LatestVectorPastLastBoundary);

// The first minutes after a (re)start: the 5-minute volatility window still reaches back before
// the first book message, which is what every vector of a freshly started service computes.
void BM_LatestVectorSoonAfterStart(benchmark::State& state) {
  measure_latest_after(state, 30);
}
BENCHMARK(BM_LatestVectorSoonAfterStart);

// One second of a busy symbol's life per iteration at steady state: 100 book deltas, 50 trades,
// one grid vector (fill of the new grid point, computation, eviction), like fill() above.
void measure_second_with_grid_vector(benchmark::State& state, const EngineConfig& config) {
  const Timestamp start = 1'700'000'000 * kMicrosPerSecond;
  const int filled = static_cast<int>(config.longest_lookback() / kMicrosPerSecond) + 60;
  SymbolEngine engine(btc(), config);
  fill(engine, start, filled);
  std::vector<MarketEvent> events;
  std::int64_t u = filled * 100 + 1;
  int s = filled;
  for (auto _ : state) {
    state.PauseTiming();
    events.clear();
    const Timestamp second = start + s * kMicrosPerSecond;
    for (int i = 0; i < 100; ++i) events.emplace_back(delta(second + i * 10'000, ++u));
    for (int i = 0; i < 50; ++i) events.emplace_back(trade(second + i * 20'000 + 5, s * 50 + i));
    state.ResumeTiming();
    for (const MarketEvent& e : events) benchmark::DoNotOptimize(engine.apply(e));
    benchmark::DoNotOptimize(engine.emit(second + kMicrosPerSecond));
    ++s;
  }
}

void BM_SecondWithGridVector(benchmark::State& state) {
  measure_second_with_grid_vector(state, EngineConfig{});
}
BENCHMARK(BM_SecondWithGridVector);

void BM_SecondWithGridVector100Features(benchmark::State& state) {
  measure_second_with_grid_vector(state, wide_config());
}
BENCHMARK(BM_SecondWithGridVector100Features);

void BM_ApplyBookDeltas(benchmark::State& state) {
  const EngineConfig config;
  std::vector<MarketEvent> deltas;  // already variants: the loop measures apply, not conversion
  for (std::int64_t u = 2; u < 100'002; ++u) deltas.emplace_back(delta(u * 1'000, u));
  for (auto _ : state) {
    state.PauseTiming();
    SymbolEngine engine(btc(), config);
    engine.apply(snapshot(0, 1));
    state.ResumeTiming();
    for (const MarketEvent& d : deltas) benchmark::DoNotOptimize(engine.apply(d));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(deltas.size()));
}
BENCHMARK(BM_ApplyBookDeltas)->Unit(benchmark::kMillisecond);

void BM_ApplyTrades(benchmark::State& state) {
  const EngineConfig config;
  std::vector<MarketEvent> trades;
  for (std::int64_t n = 0; n < 100'000; ++n) trades.emplace_back(trade(n * 1'000, n));
  for (auto _ : state) {
    state.PauseTiming();
    SymbolEngine engine(btc(), config);
    state.ResumeTiming();
    for (const MarketEvent& t : trades) benchmark::DoNotOptimize(engine.apply(t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(trades.size()));
}
BENCHMARK(BM_ApplyTrades)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fsvc
