#pragma once

#include <cstdint>
#include <functional>

#include "core/engine/engine_config.hpp"
#include "driver/input_source.hpp"
#include "driver/offline_driver.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc {

// What a rebuild replays and which of its vectors it keeps. The inputs usually start well before
// `first_vector` (warm-up: the book snapshot, the lookback windows, slow state); those vectors are
// computed, because they advance state exactly as they did live, but not written.
struct RangeReplaySpec {
  OfflineTicks ticks = OfflineTicks::canonical;
  Timestamp first_vector = 0;  // inclusive
  Timestamp last_vector = 0;   // inclusive
};

struct RangeReplayStats {
  std::uint64_t inputs = 0;            // inputs taken from the source (skipped ones included)
  std::uint64_t vectors_computed = 0;  // every grid vector the engine produced
  std::uint64_t vectors_written = 0;   // those with as_of in [first_vector, last_vector]
  std::uint64_t gaps = 0;              // DataGap markers fed (input known to be missing)
};

// Called every `kRangeReplayProgressEvery` inputs, for progress lines on long rebuilds.
using RangeReplayProgress = std::function<void(const RangeReplayStats&)>;
inline constexpr std::uint64_t kRangeReplayProgressEvery = 1'000'000;

// The offline half of `rebuild` (and of the live/offline identity test): feeds the source through
// an OfflineDriver and hands `sink` the grid vectors inside the range, in emission order.
// Canonical mode may be given events past `last_vector`: the first of them proves the stream
// reached the last boundary, so its tick is issued as a full canonical replay would issue it; the
// later ones are not fed at all.
RangeReplayStats replay_range(const EngineConfig& config, const RangeReplaySpec& spec,
                              const InputSource& source, VectorSink& sink,
                              const RangeReplayProgress& progress = {});

}  // namespace fsvc
