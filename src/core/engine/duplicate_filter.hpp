#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <variant>

#include "core/event/market_event.hpp"
#include "core/types/recent_key_map.hpp"

namespace fsvc {

// The one rule for "this event was already taken" (issue 12: replay, serve, import and rebuild must
// count a repeated event the same way). A trade is identified by its trade id, every other event (and
// a trade without one) by its envelope event id; an event with neither, and a REST book snapshot (a fresh
// answer to our own request), is never a duplicate. Each symbol remembers its `capacity` most recent ids, the
// oldest forgotten first, and with a `horizon` forgets ids whose event time is that far behind the newest
// remembered one; an id costs 24 bytes whatever its length (RecentKeyMap), so memory is bounded and small
// whatever the input. The admission gate, the raw store and the broker consumer all remember ids this way
// (BENCHMARKS.md, "Redelivery memory"). Optionally a book delta whose `u` is not
// above the last remembered one is a duplicate too (a live broker redelivery; history replayed in another
// order turns it off and relies on ids).
class DuplicateFilter {
 public:
  struct Options {
    std::size_t capacity = 1'000'000;  // remembered ids per symbol
    bool drop_stale_deltas = false;
    Duration horizon = 0;  // 0: bounded by count alone
  };

  explicit DuplicateFilter(Options options);

  bool seen(const MarketEvent& event) const;
  // Loads what seen() and remember() of `event` will read, for a caller that knows its next events.
  void prefetch(const MarketEvent& event) const;
  // Remembers the event's id and, for a book message, its `u`.
  void remember(const MarketEvent& event);
  // Remembers the id only (seeding from stored rows that are older than the book's current `u`).
  void remember_id(const MarketEvent& event);
  // seen() or else remember(): false for a duplicate.
  bool admit(const MarketEvent& event);

 private:
  struct SymbolMemory {
    SymbolMemory(Symbol s, const Options& options) : symbol(s), ids(options.capacity, options.horizon) {}
    Symbol symbol;
    RecentKeyMap<std::monostate> ids;  // "t" + trade id, "e" + event id
    std::int64_t last_delta_u = -1;
  };

  const SymbolMemory* find(const Symbol& symbol) const;
  SymbolMemory& memory_of(const Symbol& symbol);
  // The event's key into `key_` (false: it has none). Reused, so no allocation per event.
  bool identity_of(const MarketEvent& event) const;

  Options options_;
  // Few symbols per process: a linear scan beats hashing a string per event; a deque keeps them put.
  std::deque<SymbolMemory> memory_;
  mutable std::string key_;
};

}  // namespace fsvc
