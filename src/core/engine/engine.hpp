#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/engine/event_admission.hpp"
#include "core/engine/symbol_engine.hpp"

namespace fsvc {

// All symbols' engines: finds or creates a SymbolEngine on a symbol's first event.
class Engine {
 public:
  explicit Engine(EngineConfig config = {});

  EventOutcome on_event(const MarketEvent& event);
  // Replays only (offline, a warm start's restore): input of this symbol is known to be missing
  // (SymbolEngine::apply(DataGap)).
  void on_gap(const DataGap& gap);
  // Nullopt for an unknown symbol or an ignored tick.
  std::optional<FeatureVector> on_tick(const Tick& tick);
  std::optional<FeatureVector> latest(std::string_view symbol) const;

  // Data quality (core/quality) of what never reached a SymbolEngine::apply: an event the
  // admission gate refused, a message of a known symbol the decoder rejected.
  // Each returns the quality minute it was counted in (QualityTracker::observe_refusal); a
  // rejected message of a symbol without an engine yet is not counted (nullopt).
  std::optional<Timestamp> on_refused(const MarketEvent& event, Admission why);
  std::optional<Timestamp> on_rejected_message(const Symbol& symbol, EventType stream,
                                               std::string_view reason);
  // Every symbol's closed quality minutes, moved out (the raw store persists them).
  std::vector<QualityMinute> take_closed_quality();
  // End of an offline input: closes every symbol's open quality minutes.
  void finish_quality();

  const SymbolEngine* find(std::string_view symbol) const;
  const SymbolCounters* counters(std::string_view symbol) const;
  std::vector<Symbol> symbols() const;
  const EngineConfig& config() const { return config_; }

 private:
  SymbolEngine* find_mutable(std::string_view symbol);
  SymbolEngine& find_or_create(const Symbol& symbol);

  EngineConfig config_;
  // Few symbols per process: a linear scan beats hashing, and pointers stay stable.
  std::vector<std::unique_ptr<SymbolEngine>> engines_;
};

}  // namespace fsvc
