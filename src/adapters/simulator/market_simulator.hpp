#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc::sim {

// Faults to inject, each a probability per generated event (0 = never). Deterministic per seed.
struct FaultOptions {
  double sequence_gap = 0;         // skip one book `u` (the engine must desynchronize)
  double late = 0;                 // deliver an event after events up to ~2 s later in event time
  double out_of_order = 0;         // swap with the next event of another queue (within allowed lateness)
  double malformed = 0;            // emit a broken line instead of an event (see SimulatedMessage)
  double mid_stream_snapshot = 0;  // re-send a full snapshot (u restarts or continues)
};

struct SimulatorOptions {
  std::uint64_t seed = 1;
  std::vector<std::string> symbols{"BTCUSDT"};
  Timestamp start = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z, µs
  Duration duration = 60 * kMicrosPerSecond;
  int book_depth = 50;  // levels per side in snapshots (topic orderbook.{depth}.SYMBOL)
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
