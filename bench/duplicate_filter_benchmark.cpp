// The redelivery memory per symbol (issue 13): heap bytes a full DuplicateFilter holds per
// remembered id, and what admitting an event costs once it is full (every admit then also
// forgets the oldest id). Trade ids are UUIDs, as Bybit sends them.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <string>
#include <vector>

#include "core/engine/duplicate_filter.hpp"

namespace fsvc {
namespace {

constexpr std::size_t kIds = 1'000'000;

std::vector<MarketEvent> uuid_trades(std::size_t count) {
  std::vector<MarketEvent> events;
  events.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    TradeEvent trade;
    (void)trade.header.symbol.assign("BTCUSDT");
    (void)trade.header.event_id.assign("trade-" + std::to_string(i));
    trade.header.ts_event = 1'786'310'817'583'000 + static_cast<Timestamp>(i) * 1'000;
    (void)trade.trade_id.assign("f3a1c9e2-7b4d-5e6f-8a9b-" + std::to_string(100'000'000'000 + i));
    events.emplace_back(trade);
  }
  return events;
}

// Small blocks and the large ones malloc maps on their own (the ring and the table).
std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

void BM_DuplicateFilterFull(benchmark::State& state) {
  const std::vector<MarketEvent> events = uuid_trades(2 * kIds);
  const std::size_t heap_before = heap_in_use();
  DuplicateFilter filter({kIds, true});
  for (std::size_t i = 0; i < kIds; ++i) filter.admit(events[i]);
  const std::size_t held = heap_in_use() - heap_before;
  std::size_t next = kIds;
  for (auto _ : state) {
    benchmark::DoNotOptimize(filter.admit(events[next]));
    if (++next == events.size()) next = kIds;  // a second pass meets remembered ids: refused
  }
  state.counters["heap_MB_per_symbol"] = static_cast<double>(held) / 1e6;
  state.counters["bytes_per_id"] = static_cast<double>(held) / kIds;
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DuplicateFilterFull)->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace fsvc
