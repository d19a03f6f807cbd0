#include "adapters/simulator/book_model.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace fsvc::sim {

namespace {

// How many ticks lie between neighbouring resting levels away from the touch: real books are
// sparse, more so for instruments with a fine tick.
std::int64_t level_gap(RandomSource& random) {
  return random.chance(0.6) ? 1 : random.integer(2, 4);
}

}  // namespace

BookModel::BookModel(const SymbolProfile& profile, int depth, RandomSource& random)
    : profile_(profile), depth_(static_cast<std::size_t>(std::max(depth, 1))), random_(random) {}

std::int64_t BookModel::random_level_size() {
  // Mostly small resting orders, some larger ones, rarely a wall: a crude heavy tail in lots.
  const double u = random_.uniform();
  std::int64_t lots = 0;
  if (u < 0.6) {
    lots = random_.integer(1, 20);
  } else if (u < 0.95) {
    lots = random_.integer(20, 1'000);
  } else {
    lots = random_.integer(1'000, 6'000);
  }
  return lots * profile_.lot_units;
}

std::int64_t BookModel::best_bid() const {
  return bids_.begin()->first * profile_.tick_units;
}
std::int64_t BookModel::best_ask() const {
  return asks_.begin()->first * profile_.tick_units;
}

void BookModel::set_bid(std::int64_t tick, std::int64_t size) {
  if (size > 0) {
    bids_[tick] = size;
  } else {
    bids_.erase(tick);
  }
  changed_bids_[tick] = size;
}

void BookModel::set_ask(std::int64_t tick, std::int64_t size) {
  if (size > 0) {
    asks_[tick] = size;
  } else {
    asks_.erase(tick);
  }
  changed_asks_[tick] = size;
}

void BookModel::initialize(double mid) {
  bids_.clear();
  asks_.clear();
  const double mid_ticks = mid / static_cast<double>(profile_.tick_units) * 1e8;
  const auto bid = static_cast<std::int64_t>(std::floor(mid_ticks - 0.5));
  bids_[bid] = random_level_size();
  asks_[bid + 1] = random_level_size();
  keep_depth();
  changed_bids_.clear();
  changed_asks_.clear();
}

// Market makers quote around the fair price, so the touch follows it and a spread widened by trades
// closes again. Levels on the wrong side of the new touch are removed before the new best levels
// are set, which keeps bid < ask.
void BookModel::recenter(double mid_ticks) {
  const auto bid = static_cast<std::int64_t>(std::floor(mid_ticks - 0.5));
  const std::int64_t ask = bid + (random_.chance(0.85) ? 1 : random_.integer(2, 3));
  while (!bids_.empty() && bids_.begin()->first > bid) set_bid(bids_.begin()->first, 0);
  while (!asks_.empty() && asks_.begin()->first < ask) set_ask(asks_.begin()->first, 0);
  // Liquidity arrives behind the advancing touch, so the side that moved is not left hollow.
  const std::int64_t old_bid = bids_.empty() ? bid - 10 : bids_.begin()->first;
  const std::int64_t old_ask = asks_.empty() ? ask + 10 : asks_.begin()->first;
  for (std::int64_t t = bid; t > old_bid && bid - t < 12; t -= level_gap(random_))
    set_bid(t, random_level_size());
  for (std::int64_t t = ask; t < old_ask && t - ask < 12; t += level_gap(random_))
    set_ask(t, random_level_size());
  if (!bids_.contains(bid)) set_bid(bid, random_level_size());
  if (!asks_.contains(ask)) set_ask(ask, random_level_size());
}

void BookModel::perturb_sizes() {
  const std::int64_t changes = random_.integer(1, 5);
  for (std::int64_t i = 0; i < changes; ++i) {
    const bool bid_side = random_.chance(0.5);
    const std::size_t side_size = bid_side ? bids_.size() : asks_.size();
    // Activity concentrates near the touch. The draws are named in the order g++ evaluated them as
    // operands of one expression, whose order the language leaves open.
    const std::int64_t far = random_.integer(0, 9);
    const std::int64_t is_far = random_.integer(0, 1);
    const std::int64_t near = random_.integer(0, 2);
    const auto index = static_cast<std::ptrdiff_t>(
        std::min<std::int64_t>(far * is_far + near, static_cast<std::int64_t>(side_size) - 1));
    const bool remove = index > 0 && random_.chance(0.15);
    if (bid_side) {
      const std::int64_t tick = std::next(bids_.begin(), index)->first;
      set_bid(tick, remove ? 0 : random_level_size());
    } else {
      const std::int64_t tick = std::next(asks_.begin(), index)->first;
      set_ask(tick, remove ? 0 : random_level_size());
    }
  }
}

// A depth-limited stream shows exactly `depth` levels: the ones pushed out are deleted, and the
// far end is refilled when levels disappear near the touch.
void BookModel::keep_depth() {
  while (bids_.size() > depth_) set_bid(std::prev(bids_.end())->first, 0);
  while (asks_.size() > depth_) set_ask(std::prev(asks_.end())->first, 0);
  while (bids_.size() < depth_) {
    // The size is drawn before the place, in the order g++ evaluated the two when they were one
    // call's arguments, so that a seed's stream stays what it was.
    const std::int64_t size = random_level_size();
    const std::optional<std::int64_t> tick = deeper_bid();
    if (!tick) break;
    set_bid(*tick, size);
  }
  while (asks_.size() < depth_) {
    const std::int64_t size = random_level_size();  // first, as for the bids
    set_ask(std::prev(asks_.end())->first + level_gap(random_), size);
  }
}

// Refilling behind the deepest level moves the far end away each time a level near the touch goes,
// so over hours of a cheap coin it reached zero and below: a price no exchange sends (and the
// service rejects). Once the next level would not be a positive price, the first free tick behind
// the touch takes it. The random draw is the same either way, so a stream that never gets there is
// byte for byte what it was.
std::optional<std::int64_t> BookModel::deeper_bid() {
  const std::int64_t behind = std::prev(bids_.end())->first - level_gap(random_);
  if (behind > 0) return behind;
  for (std::int64_t tick = bids_.begin()->first - 1; tick > 0; --tick) {
    if (!bids_.contains(tick)) return tick;
  }
  return std::nullopt;
}

void BookModel::drain_changes(std::vector<BookLevel>& bids, std::vector<BookLevel>& asks) {
  bids.clear();
  asks.clear();
  for (const auto& [tick, size] : changed_bids_) bids.push_back({tick * profile_.tick_units, size});
  for (const auto& [tick, size] : changed_asks_) asks.push_back({tick * profile_.tick_units, size});
  changed_bids_.clear();
  changed_asks_.clear();
}

void BookModel::step(double fair_mid, std::vector<BookLevel>& bids, std::vector<BookLevel>& asks) {
  recenter(fair_mid / static_cast<double>(profile_.tick_units) * 1e8);
  perturb_sizes();
  keep_depth();
  drain_changes(bids, asks);
}

BookModel::Fill BookModel::take(Side taker, std::int64_t wanted) {
  // A buyer lifts the best ask, a seller hits the best bid. The last level of a side is never
  // taken completely, so neither side runs empty between two deltas.
  const auto fill_at = [&](auto& levels, auto set_level) -> Fill {
    const auto [tick, resting] = *levels.begin();
    const std::int64_t limit = levels.size() > 1 ? resting : resting - profile_.lot_units;
    const std::int64_t size = std::clamp<std::int64_t>(wanted, 0, limit);
    if (size > 0) (this->*set_level)(tick, resting - size);
    return {tick * profile_.tick_units, size};
  };
  return taker == Side::buy ? fill_at(asks_, &BookModel::set_ask) : fill_at(bids_, &BookModel::set_bid);
}

void BookModel::snapshot(std::vector<BookLevel>& bids, std::vector<BookLevel>& asks) {
  bids.clear();
  asks.clear();
  for (const auto& [tick, size] : bids_) bids.push_back({tick * profile_.tick_units, size});
  for (const auto& [tick, size] : asks_) asks.push_back({tick * profile_.tick_units, size});
  changed_bids_.clear();
  changed_asks_.clear();
}

}  // namespace fsvc::sim
