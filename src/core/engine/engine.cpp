#include "core/engine/engine.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace fsvc {

Engine::Engine(EngineConfig config) : config_(std::move(config)) {}

EventOutcome Engine::on_event(const MarketEvent& event) {
  return find_or_create(header_of(event).symbol).apply(event);
}

void Engine::on_gap(const DataGap& gap) {
  find_or_create(gap.symbol).apply(gap);
}

SymbolEngine& Engine::find_or_create(const Symbol& symbol) {
  if (SymbolEngine* engine = find_mutable(symbol.view())) return *engine;
  engines_.push_back(std::make_unique<SymbolEngine>(symbol, config_));
  return *engines_.back();
}

std::optional<FeatureVector> Engine::on_tick(const Tick& tick) {
  SymbolEngine* engine = find_mutable(tick.symbol.view());
  if (engine == nullptr) return std::nullopt;
  return engine->emit(tick.boundary);
}

std::optional<FeatureVector> Engine::latest(std::string_view symbol) const {
  const SymbolEngine* engine = find(symbol);
  if (engine == nullptr) return std::nullopt;
  return engine->latest();
}

std::optional<Timestamp> Engine::on_refused(const MarketEvent& event, Admission why) {
  return find_or_create(header_of(event).symbol)
      .quality()
      .observe_refusal(type_of(event), refusal_reason(event, why), header_of(event).ts_event);
}

std::optional<Timestamp> Engine::on_rejected_message(const Symbol& symbol, EventType stream,
                                                     std::string_view reason) {
  SymbolEngine* engine = find_mutable(symbol.view());
  if (engine == nullptr) return std::nullopt;  // made-up symbols of hostile text make no engines
  return engine->quality().observe_refusal(stream, reason);
}

std::vector<QualityMinute> Engine::take_closed_quality() {
  std::vector<QualityMinute> out;
  for (auto& e : engines_) {
    std::vector<QualityMinute> closed = e->quality().take_closed();
    std::move(closed.begin(), closed.end(), std::back_inserter(out));
  }
  return out;
}

void Engine::finish_quality() {
  for (auto& e : engines_) e->quality().finish();
}

const SymbolEngine* Engine::find(std::string_view symbol) const {
  for (const auto& e : engines_) {
    if (e->symbol().view() == symbol) return e.get();
  }
  return nullptr;
}

SymbolEngine* Engine::find_mutable(std::string_view symbol) {
  return const_cast<SymbolEngine*>(std::as_const(*this).find(symbol));
}

const SymbolCounters* Engine::counters(std::string_view symbol) const {
  const SymbolEngine* engine = find(symbol);
  return engine == nullptr ? nullptr : &engine->counters();
}

std::vector<Symbol> Engine::symbols() const {
  std::vector<Symbol> out;
  out.reserve(engines_.size());
  for (const auto& e : engines_) out.push_back(e->symbol());
  return out;
}

}  // namespace fsvc
