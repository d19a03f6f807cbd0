#pragma once

#include <optional>
#include <vector>

#include "core/engine/engine_config.hpp"
#include "core/engine/silence_skip.hpp"
#include "core/event/market_event.hpp"

namespace fsvc {

// The offline/replay tick schedule (features.md §1, canonical order). Fed events in canonical
// order, it yields per symbol a tick at every finest boundary from ceil(first event ts) through
// floor(last event ts), each after all of that symbol's events with ts <= b and before any later one,
// except the boundaries of a silence longer than the longest window (SilenceSkip).
class CanonicalTicker {
 public:
  explicit CanonicalTicker(const EngineConfig& config);

  // Appends to `due` the ticks that must precede `event`, in boundary order.
  void before_event(const MarketEvent& event, std::vector<Tick>& due);
  // Appends the remaining ticks once the input has ended.
  void finish(std::vector<Tick>& due);

 private:
  struct SymbolState {
    Symbol symbol;
    Timestamp next_boundary;
    Timestamp last_event;
    SilenceSkip silences;
  };
  SymbolState& state_for(const Symbol& symbol, Timestamp ts);
  // Emits, smallest boundary first, every tick b with b < before and b <= that symbol's last event.
  void drain(Timestamp before, std::vector<Tick>& due);

  EngineConfig config_;
  std::vector<SymbolState> symbols_;
};

// Stable-sorts events by ts_event and interleaves the canonical ticks.
std::vector<EngineInput> canonical_sequence(std::vector<MarketEvent> events, const EngineConfig& config = {});

}  // namespace fsvc
