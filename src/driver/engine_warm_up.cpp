#include "driver/engine_warm_up.hpp"

#include <algorithm>

namespace fsvc {

void EngineWarmUp::replay(const InputSource& journal, std::uint64_t through, const EventRecall& recall) {
  const auto on_input = [&](EngineInput&& input) {
    if (ingest_seq_of(input) <= through) apply(input, recall);
  };
  // As in a rebuild of the same read, so that the state reached is the one a rebuild reaches.
  const auto on_gap = [&](const DataGap& gap) {
    engine_.on_gap(gap);
    state_of(gap.symbol);
  };
  journal(on_input, on_gap);
}

void EngineWarmUp::apply(const EngineInput& input, const EventRecall& recall) {
  ++report_.inputs;
  if (const auto* tick = std::get_if<Tick>(&input)) {
    SymbolState& state = state_of(tick->symbol);
    if (std::optional<FeatureVector> vector = engine_.on_tick(*tick)) {
      state.last_vector_time = tick->boundary;
      newest_.insert_or_assign(tick->symbol.str(), std::move(*vector));
    }
    state.policy.skip_through(tick->boundary);
    ++report_.ticks;
    return;
  }
  const MarketEvent& event = std::get<MarketEvent>(input);
  const EventHeader& header = header_of(event);
  SymbolState& state = state_of(header.symbol);
  if (recall) recall(event);
  engine_.on_event(event);
  state.policy.observe_event(header.ts_event);
  state.last_event_time = std::max(state.last_event_time.value_or(header.ts_event), header.ts_event);
  ++report_.events;
}

RestoreReport EngineWarmUp::report() const {
  RestoreReport report = report_;
  report.symbols = symbols_.size();
  return report;
}

EngineWarmUp::SymbolState& EngineWarmUp::state_of(const Symbol& symbol) {
  return symbols_.try_emplace(symbol.str(), symbol, config_).first->second;
}

}  // namespace fsvc
