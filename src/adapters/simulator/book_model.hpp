#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "adapters/simulator/random_source.hpp"
#include "adapters/simulator/symbol_profile.hpp"
#include "core/event/market_event.hpp"

namespace fsvc::sim {

// The simulated exchange's price-level book for one symbol, kept at `depth` levels per side.
// Prices are held in ticks, sizes in fixed-point units. Every change is recorded so that the next
// delta carries exactly the levels that changed, with their final sizes (0 = deleted).
//
// Invariant: after every public call best bid < best ask and both sides are non-empty, so a
// consumer applying the published messages in order never sees a crossed book.
class BookModel {
 public:
  BookModel(const SymbolProfile& profile, int depth, RandomSource& random);

  // Builds a fresh book around `mid` (a price) and forgets pending changes.
  void initialize(double mid);

  // Moves the touch towards `fair_mid`, changes a few resting sizes and keeps the depth; returns
  // the changed levels (bids descending, asks ascending, as Bybit sends them).
  void step(double fair_mid, std::vector<BookLevel>& bids, std::vector<BookLevel>& asks);

  // A taker order of up to `wanted` units trading against the touch of the opposite side; returns
  // the executed size (never more than rests at the touch) and its price, both in units.
  struct Fill {
    std::int64_t price = 0;
    std::int64_t size = 0;
  };
  Fill take(Side taker, std::int64_t wanted);

  // The full book (bids descending, asks ascending); clears pending changes, since a snapshot
  // carries them all.
  void snapshot(std::vector<BookLevel>& bids, std::vector<BookLevel>& asks);

  std::int64_t best_bid() const;  // units
  std::int64_t best_ask() const;
  std::int64_t best_bid_size() const { return bids_.begin()->second; }
  std::int64_t best_ask_size() const { return asks_.begin()->second; }

 private:
  using BidLevels = std::map<std::int64_t, std::int64_t, std::greater<>>;  // best (highest) first
  using AskLevels = std::map<std::int64_t, std::int64_t>;                  // best (lowest) first

  std::int64_t random_level_size();
  void set_bid(std::int64_t tick, std::int64_t size);
  void set_ask(std::int64_t tick, std::int64_t size);
  void recenter(double mid_ticks);
  void perturb_sizes();
  void keep_depth();
  // Where the next bid level behind the book goes (nullopt: no positive tick is free).
  std::optional<std::int64_t> deeper_bid();
  void drain_changes(std::vector<BookLevel>& bids, std::vector<BookLevel>& asks);

  SymbolProfile profile_;
  std::size_t depth_;
  RandomSource& random_;
  BidLevels bids_;
  AskLevels asks_;
  std::map<std::int64_t, std::int64_t, std::greater<>> changed_bids_;  // tick -> size (0 = deleted)
  std::map<std::int64_t, std::int64_t> changed_asks_;
};

}  // namespace fsvc::sim
