// The write-ahead log's codec alone: encoding and decoding one journal's mix of inputs (book deltas,
// trades, tickers and ticks, as the live driver journals them), without files or fsync.
//
//   build/cc/bin/feature_benchmarks --benchmark_filter=Wal
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "adapters/wal/wal_codec.hpp"
#include "raw_bench_events.hpp"

namespace {

using namespace fsvc;
using namespace fsvc::bench;

MarketEvent journal_ticker(Timestamp ts, std::uint64_t seq) {
  TickerUpdate t;
  t.header = bench_header(ts, seq);
  t.last_price = 100000.0 + static_cast<double>(seq % 100);
  t.mark_price = 100000.5;
  t.funding_rate = 0.0001;
  t.next_funding_time = ts + 3'600'000'000;
  t.open_interest = 52'000.25;
  return t;
}

// 10,000 inputs: per 10, five book deltas, two trades, two tickers and one tick.
std::vector<EngineInput> journal_inputs() {
  std::vector<EngineInput> inputs;
  for (std::uint64_t seq = 1; seq <= 10'000; ++seq) {
    const Timestamp ts = kDayStart + static_cast<Timestamp>(seq) * 1'000;
    switch (seq % 10) {
      case 0: {
        Tick tick;
        (void)tick.symbol.assign("BTCUSDT");
        tick.boundary = floor_to(ts, kMicrosPerSecond);
        tick.ingest_seq = seq;
        inputs.emplace_back(tick);
        break;
      }
      case 1:
      case 2:
        inputs.emplace_back(bench_trade(ts, seq));
        break;
      case 3:
      case 4:
        inputs.emplace_back(journal_ticker(ts, seq));
        break;
      default:
        inputs.emplace_back(book_delta_near_touch(ts, seq, seq));
    }
  }
  return inputs;
}

void BM_WalEncode(benchmark::State& state) {
  const std::vector<EngineInput> inputs = journal_inputs();
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const EngineInput& input : inputs) wal::encode_input(input, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(inputs.size()));
  state.counters["bytes_per_input"] = static_cast<double>(out.size()) / static_cast<double>(inputs.size());
}
BENCHMARK(BM_WalEncode)->Name("WalEncode/journal_mix");

void BM_WalDecode(benchmark::State& state) {
  std::string bytes;
  for (const EngineInput& input : journal_inputs()) wal::encode_input(input, bytes);
  std::int64_t inputs = 0;
  for (auto _ : state) {
    std::size_t pos = 0;
    std::uint64_t checksum = 0;
    inputs = 0;
    while (pos < bytes.size()) {
      checksum += ingest_seq_of(wal::decode_input(bytes, pos));
      ++inputs;
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(state.iterations() * inputs);
}
BENCHMARK(BM_WalDecode)->Name("WalDecode/journal_mix");

}  // namespace
