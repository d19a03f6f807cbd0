#pragma once

#include <optional>
#include <string>

#include "adapters/parquet/raw_reader.hpp"

namespace fsvc::parquet {

// What `rebuild --from T1 --to T2` reads so that the vector at T1 is already complete:
//   - every window looks back at most `lookback` (5 min in registry 1.0.0), so the replay starts at
//     the last book snapshot at or before T1 - lookback (the book is then synchronized over the whole
//     lookback); without such a snapshot it starts at T1 - lookback and book features stay null
//     until the first snapshot, as they were live;
//   - ticker, funding and kline state is slow: those datasets are read from `slow_state_lookback`
//     (8 h, one funding interval) before that start;
//   - captured-live data (ticks in the journal) is replayed in ingest_seq order from the snapshot's
//     ingest_seq through the tick for the last boundary <= T2, exactly as the engine consumed it;
//     imported data (no ticks) is replayed in event-time order and the driver adds the ticks; that
//     read reaches up to 1 h past T2, because the canonical tick for T2 is issued only once the
//     stream shows a later event (the replay stops feeding after the first such event).
// Vectors before T1 are computed (they advance state) but not written.
struct RebuildPlan {
  RawQuery query;
  bool journal = false;                 // ticks present: replay the journal as captured
  std::optional<RowPosition> snapshot;  // where the book starts
  Timestamp first_vector = 0;           // T1
  Timestamp last_vector = 0;            // T2
};

// The warm-up of registry 1.0.0 (its longest window, volatility_5m).
inline constexpr Duration kDefaultRebuildLookback = 5 * kMicrosPerMinute;

RebuildPlan plan_rebuild(RawReader& reader, const std::string& symbol, Timestamp from, Timestamp to,
                         Duration lookback = kDefaultRebuildLookback,
                         Duration slow_state_lookback = 8 * kMicrosPerHour);

// What a warm start replays for one symbol so that its engine is exactly what it was at the last
// durable input: the journal in ingest_seq order, ticks included, from the last book snapshot
// (usually one of the service's own checkpoints) at or before (last tick - lookback; the newest
// input's time when there is no tick) through the newest input, whatever its time. Slow state as
// in plan_rebuild.
struct RestorePlan {
  RawQuery query;
  std::optional<RowPosition> snapshot;  // where the book starts
  Timestamp newest_input = 0;           // the time of the symbol's newest journaled input
};

// `horizon`: a time no input of the symbol is after (the end of its newest day in the store).
// Nullopt when the store holds no input of the symbol up to a week before `horizon`.
std::optional<RestorePlan> plan_restore(RawReader& reader, const std::string& symbol, Timestamp horizon,
                                        Duration lookback, Duration slow_state_lookback = 8 * kMicrosPerHour);

}  // namespace fsvc::parquet
