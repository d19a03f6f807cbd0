#include "core/engine/canonical_ticker.hpp"

#include <algorithm>
#include <limits>

namespace fsvc {

CanonicalTicker::CanonicalTicker(const EngineConfig& config) : config_(config) {}

CanonicalTicker::SymbolState& CanonicalTicker::state_for(const Symbol& symbol, Timestamp ts) {
  for (SymbolState& s : symbols_) {
    if (s.symbol == symbol) return s;
  }
  symbols_.push_back(SymbolState{symbol, ceil_to(ts, config_.finest()), ts, SilenceSkip(config_)});
  return symbols_.back();
}

void CanonicalTicker::before_event(const MarketEvent& event, std::vector<Tick>& due) {
  const EventHeader& h = header_of(event);
  SymbolState& s = state_for(h.symbol, h.ts_event);
  // This event proves the symbol's stream reaches h.ts_event, so its boundaries before it are due.
  s.silences.observe(s.last_event, h.ts_event);
  s.last_event = std::max(s.last_event, h.ts_event);
  drain(h.ts_event, due);
}

void CanonicalTicker::finish(std::vector<Tick>& due) {
  drain(std::numeric_limits<Timestamp>::max(), due);
}

void CanonicalTicker::drain(Timestamp before, std::vector<Tick>& due) {
  for (;;) {
    SymbolState* next = nullptr;
    for (SymbolState& s : symbols_) {
      s.next_boundary = s.silences.emittable(s.next_boundary);
      const bool is_due = s.next_boundary < before && s.next_boundary <= s.last_event;
      if (is_due && (next == nullptr || s.next_boundary < next->next_boundary)) next = &s;
    }
    if (next == nullptr) return;
    due.push_back(Tick{next->symbol, next->next_boundary, 0});
    next->next_boundary += config_.finest();
  }
}

std::vector<EngineInput> canonical_sequence(std::vector<MarketEvent> events, const EngineConfig& config) {
  std::stable_sort(events.begin(), events.end(), [](const MarketEvent& a, const MarketEvent& b) {
    return header_of(a).ts_event < header_of(b).ts_event;
  });
  CanonicalTicker ticker(config);
  std::vector<EngineInput> out;
  out.reserve(events.size());
  std::vector<Tick> due;
  auto flush = [&] {
    for (const Tick& t : due) out.emplace_back(t);
    due.clear();
  };
  for (MarketEvent& e : events) {
    ticker.before_event(e, due);
    flush();
    out.emplace_back(std::move(e));
  }
  ticker.finish(due);
  flush();
  return out;
}

}  // namespace fsvc
