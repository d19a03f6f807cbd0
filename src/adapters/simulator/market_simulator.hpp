#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc::sim {

// Faults to inject, each a probability (0 = never). Deterministic per seed, and drawn from a
// random stream of their own, so enabling a fault changes how the market is delivered, never the
// market itself.
struct FaultOptions {
  // Per book delta: skip one `u` (the engine must desynchronize). A snapshot follows 0.5-1.5 s
  // later, as the re-subscription the service asks for would bring.
  double sequence_gap = 0;
  // Per trade, ticker or kline: deliver it after the events 1-2 s later in event time. Book
  // messages are exempt: a late delta is a sequence gap, which has its own fault.
  double late = 0;
  // Per event: swap it with the next event of the same symbol from another queue when that one is
  // at most 50 ms later (within the default allowed lateness); delivered in place otherwise.
  double out_of_order = 0;
  // Per trade, ticker or kline: a broken line instead (invalid JSON, a missing required field, a
  // non-numeric price or a negative size, in turn at random; see SimulatedMessage).
  double malformed = 0;
  // Per book delta: a full snapshot instead, with `u` continuing or (half the time) restarting at 1.
  double mid_stream_snapshot = 0;
};

struct SimulatorOptions {
  std::uint64_t seed = 1;
  std::vector<std::string> symbols{"BTCUSDT"};
  Timestamp start = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z, µs
  Duration duration = 60 * kMicrosPerSecond;
  int book_depth = 50;  // levels per side in snapshots (topic orderbook.{depth}.SYMBOL)
  // Scales every stream's rate (> 0). At 1 a busy BTCUSDT at depth 50 pushes ~45 book deltas/s,
  // ~10 tickers/s and bursty trades; the book and ticker never push faster than their cadence.
  double rate_scale = 1.0;
  FaultOptions faults;
};

// One message of the simulated stream, in arrival order.
struct SimulatedMessage {
  Timestamp arrival = 0;  // when ws-gateway would have published it (≥ exchange time)
  // The event, or nullopt for an injected malformed message, whose raw text is then `malformed`.
  std::optional<MarketEvent> event;
  std::string malformed;
  std::string trace_id;  // the envelope's trace id (deterministic, UUID-shaped)
};

// How many faults were actually injected so far (a fault that could not apply is not counted:
// e.g. an out-of-order swap needs a neighbour of another queue within the allowed lateness).
struct FaultCounts {
  std::uint64_t sequence_gaps = 0;
  std::uint64_t late = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t malformed = 0;
  std::uint64_t mid_stream_snapshots = 0;
};

// A realistic, deterministic ws-gateway stream for several symbols: per symbol a book snapshot
// at the start, then contiguous deltas (a random walk of the mid with a tick-sized spread and
// changing sizes, several per second), taker trades on both sides at the touch, tickers (full
// first, then deltas carrying funding rate and next funding time), and 1-minute klines (confirm
// on the closing push). Same seed and options → byte-identical output.
//
// Incremental: next() produces one message at a time, so `serve` can pace it in real time and
// `simulate` can stream hours to a file without holding them in memory.
class MarketSimulator {
 public:
  explicit MarketSimulator(SimulatorOptions options);
  ~MarketSimulator();
  MarketSimulator(MarketSimulator&&) noexcept;

  // Nullopt once `duration` has elapsed.
  std::optional<SimulatedMessage> next();

  const FaultCounts& faults_injected() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fsvc::sim
