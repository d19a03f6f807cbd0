#pragma once

#include <array>
#include <cstdint>

#include "core/event/market_event.hpp"

namespace fsvc {

// Data-quality counters of one symbol's engine.
struct SymbolCounters {
  std::array<std::uint64_t, kEventTypeCount> events_by_type{};
  std::uint64_t late_events = 0;
  std::uint64_t duplicate_deltas = 0;
  std::uint64_t sequence_gaps = 0;
  std::uint64_t crossed_books = 0;
  std::uint64_t desynchronizations = 0;
  std::uint64_t ignored_desynchronized_deltas = 0;
  std::uint64_t ignored_ticks = 0;
  std::uint64_t timestamps_backwards = 0;
  std::uint64_t data_gaps = 0;  // offline: stretches of input known to be missing (DataGap)

  std::uint64_t events(EventType type) const { return events_by_type[static_cast<std::size_t>(type)]; }
};

}  // namespace fsvc
