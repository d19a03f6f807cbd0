#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "core/engine/engine.hpp"
#include "core/engine/online_tick_policy.hpp"
#include "driver/input_source.hpp"

namespace fsvc {

// What a warm-up replayed (OnlineDriver::restore, and the warm-up of a registry switch).
struct RestoreReport {
  std::uint64_t inputs = 0;
  std::uint64_t events = 0;
  std::uint64_t ticks = 0;
  std::size_t symbols = 0;  // symbols with restored state
  // Each symbol's newest restored vector, sent to the sinks again: its tick was durable, but the
  // crash may have come before the vector left the process (consumers keep the last message per
  // timestamp, so a second copy is harmless).
  std::size_t republished = 0;
};

// An engine brought to the state of the live one without being installed: the raw store's journal
// replayed into it exactly as the inputs went live, minus everything that leaves the engine
// (journal, sinks, snapshot requests): their effects happened. A warm start replays the journal
// through its end; a registry switch replays it through the input it was asked at, on another
// thread than the engine's, then applies the inputs the running engine applied meanwhile. One
// mechanism for both (issue 14). Touches nothing but itself, so it may run on any one thread.
class EngineWarmUp {
 public:
  // Each symbol's tick schedule as the replay left it, and what /health says of it.
  struct SymbolState {
    SymbolState(const Symbol& s, const EngineConfig& config) : symbol(s), policy(config) {}
    Symbol symbol;
    OnlineTickPolicy policy;
    std::optional<Timestamp> last_event_time;
    std::optional<Timestamp> last_vector_time;
  };
  // Told every replayed event (a warm start's admission gate learns them).
  using EventRecall = std::function<void(const MarketEvent&)>;

  explicit EngineWarmUp(EngineConfig config) : config_(std::move(config)), engine_(config_) {}

  // Every input of `journal` with ingest_seq <= `through`; later ones (the journal read was written
  // to meanwhile) are left to apply(). A DataGap it reports is applied as a rebuild applies it.
  void replay(const InputSource& journal, std::uint64_t through = std::numeric_limits<std::uint64_t>::max(),
              const EventRecall& recall = {});
  // One input, as the running engine applied it.
  void apply(const EngineInput& input, const EventRecall& recall = {});

  const EngineConfig& config() const { return config_; }
  Engine& engine() { return engine_; }
  std::map<std::string, SymbolState, std::less<>>& symbols() { return symbols_; }
  const std::map<std::string, FeatureVector, std::less<>>& newest() const { return newest_; }
  RestoreReport report() const;

 private:
  SymbolState& state_of(const Symbol& symbol);

  EngineConfig config_;
  Engine engine_;
  std::map<std::string, SymbolState, std::less<>> symbols_;
  std::map<std::string, FeatureVector, std::less<>> newest_;  // each symbol's newest vector
  RestoreReport report_;
};

}  // namespace fsvc
