#pragma once

// Synthetic raw-store content shared by the raw-store and dataset benchmarks: one symbol's book
// (a 50-level snapshot, then contiguous deltas near the touch) and trades, written as `import`
// would store them (no journal ticks).
#include <cstdint>
#include <filesystem>
#include <string>

#include "adapters/parquet/raw_store.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::bench {

constexpr Timestamp kDayStart = 1'737'936'000'000'000;  // 2025-01-27T00:00:00Z

inline EventHeader bench_header(Timestamp ts, std::uint64_t seq) {
  EventHeader h;
  (void)h.symbol.assign("BTCUSDT");
  (void)h.event_id.assign("evt-" + std::to_string(seq));
  h.ts_event = ts;
  h.ts_gateway = ts + 900;
  h.ts_init = ts + 1'400;
  h.ingest_seq = seq;
  return h;
}

inline MarketEvent bench_trade(Timestamp ts, std::uint64_t seq) {
  TradeEvent t;
  t.header = bench_header(ts, seq);
  t.price = 10'000'000'000'000 + static_cast<std::int64_t>(seq % 1000) * 10'000'000;
  t.size = static_cast<std::int64_t>(seq % 50 + 1) * 100'000;
  t.taker_side = seq % 2 ? Side::buy : Side::sell;
  (void)t.trade_id.assign("trd-" + std::to_string(seq));
  return t;
}

constexpr std::int64_t kTick = 10'000'000;  // 0.1
constexpr std::int64_t kBase = 10'000'000'000'000;

// A 50-level book around kBase: bids below, asks above, so deltas near the touch never cross it.
inline MarketEvent bench_snapshot(Timestamp ts, std::uint64_t seq) {
  BookUpdate b;
  b.header = bench_header(ts, seq);
  b.is_snapshot = true;
  b.update_id = 1;
  b.depth = 50;
  for (std::int64_t i = 1; i <= 50; ++i) {
    b.bids.push_back({kBase - i * kTick, (i % 7 + 1) * 1'000'000});
    b.asks.push_back({kBase + i * kTick, (i % 5 + 1) * 1'000'000});
  }
  return b;
}

// The n-th delta after the snapshot (u = n + 1, contiguous): one level on each side near the touch.
inline MarketEvent book_delta_near_touch(Timestamp ts, std::uint64_t seq, std::uint64_t n) {
  BookUpdate b;
  b.header = bench_header(ts, seq);
  b.update_id = static_cast<std::int64_t>(n) + 1;
  b.depth = 50;
  const auto offset = static_cast<std::int64_t>(n % 10 + 1) * kTick;
  b.bids.push_back({kBase - offset, static_cast<std::int64_t>(n % 3) * 1'000'000});
  b.asks.push_back({kBase + offset, static_cast<std::int64_t>(n % 4 + 1) * 1'000'000});
  return b;
}

// Writes `days` simulated days from kDayStart: a snapshot, then book deltas and trades interleaved
// evenly in time (deltas_per_day : trades_per_day), and compacts the closed days.
inline void seed_simulated_days(const std::filesystem::path& dir, int days, std::uint64_t deltas_per_day,
                                std::uint64_t trades_per_day) {
  parquet::RawStoreOptions options;
  options.root = dir;
  options.clock = std::make_shared<test::ManualClock>(kDayStart + (days + 1) * kMicrosPerDay);
  parquet::RawStore store(options);
  store.append(bench_snapshot(kDayStart, 1));
  const std::uint64_t per_day = deltas_per_day + trades_per_day;
  const std::uint64_t total = per_day * static_cast<std::uint64_t>(days);
  const Duration step = kMicrosPerDay / static_cast<Duration>(per_day + 1);
  std::uint64_t n = 0;
  for (std::uint64_t seq = 2; seq <= total + 1; ++seq) {
    const Timestamp ts = kDayStart + static_cast<Timestamp>(seq) * step;
    // Deltas and trades interleaved in the day's ratio.
    const bool delta = (seq * deltas_per_day) % per_day < deltas_per_day;
    store.append(delta ? book_delta_near_touch(ts, seq, ++n) : bench_trade(ts, seq));
  }
  store.flush();
  store.compact_closed_days();
}

}  // namespace fsvc::bench
