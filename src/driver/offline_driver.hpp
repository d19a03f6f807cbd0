#pragma once

#include <cstdint>
#include <vector>

#include "core/engine/canonical_ticker.hpp"
#include "core/engine/engine.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc {

// How the offline input carries its clock.
//   journal:   the input already holds the ticks the live engine consumed (ingest_seq order);
//   canonical: events only, in canonical order (event time, ties by input order); the driver adds a
//              tick at every finest boundary as CanonicalTicker defines it.
enum class OfflineTicks { journal, canonical };

// The offline loop of `replay` and `rebuild`: the same Engine as the online driver, fed one input
// at a time, every grid vector handed to the sink. No clock, no threads, no I/O.
class OfflineDriver {
 public:
  OfflineDriver(EngineConfig config, OfflineTicks ticks, VectorSink& sink);

  void feed(const MarketEvent& event);
  // Journal mode only: canonical mode derives its ticks itself, so a fed tick there is a logic error.
  void feed(const Tick& tick);
  void feed(const EngineInput& input);
  // Input known to be missing (a damaged raw-store file a tolerant rebuild skips): fed where the
  // missing input began; the engine nulls what depended on it (Engine::on_gap).
  void feed(const DataGap& gap);
  // Emits the boundaries still due once the input has ended (canonical mode).
  void finish();

  // The engine's closed data-quality minutes, moved out (drain them as the input goes: each symbol
  // holds only the last hour's); finish_quality() closes the open ones at the end of the input.
  std::vector<QualityMinute> take_closed_quality() { return engine_.take_closed_quality(); }
  void finish_quality() { engine_.finish_quality(); }

  const Engine& engine() const { return engine_; }
  std::uint64_t events() const { return events_; }
  std::uint64_t vectors() const { return vectors_; }

 private:
  void tick(const Tick& tick);
  void drain_due();

  Engine engine_;
  OfflineTicks ticks_;
  VectorSink& sink_;
  CanonicalTicker ticker_;
  std::vector<Tick> due_;
  std::uint64_t events_ = 0;
  std::uint64_t vectors_ = 0;
};

// `replay`'s definition of canonical mode (features.md §1): events stable-sorted by event time
// (ties keep input order), a tick at every finest boundary, every grid vector to the sink.
// Returns how many vectors were emitted.
std::uint64_t replay_canonical(std::vector<MarketEvent> events, const EngineConfig& config, VectorSink& sink);

}  // namespace fsvc
