#include "core/engine/engine.hpp"

#include <utility>

namespace fsvc {

Engine::Engine(EngineConfig config) : config_(std::move(config)) {}

EventOutcome Engine::on_event(const MarketEvent& event) {
  const Symbol& symbol = header_of(event).symbol;
  SymbolEngine* engine = find_mutable(symbol.view());
  if (engine == nullptr) {
    engines_.push_back(std::make_unique<SymbolEngine>(symbol, config_));
    engine = engines_.back().get();
  }
  return engine->apply(event);
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
