#include "core/book/order_book.hpp"

#include <algorithm>
#include <functional>

namespace fsvc {
namespace {

// `before` orders a side so that the best level is at the back.
// The first level not before `price` (std::lower_bound), without a branch on the comparisons: the
// halving steps select with a conditional move, as delta prices land anywhere in the book and a
// branchy search mispredicted about every other step.
template <typename Compare>
std::vector<BookLevel>::iterator lower_bound_price(std::vector<BookLevel>& side, std::int64_t price,
                                                   Compare before) {
  std::size_t len = side.size();
  if (len == 0) return side.end();
  const BookLevel* base = side.data();
  while (len > 1) {
    const std::size_t half = len / 2;
    base = before(base[half].price, price) ? base + half : base;
    len -= half;
  }
  base += before(base->price, price) ? 1 : 0;
  return side.begin() + (base - side.data());
}

template <typename Compare>
void set_level(std::vector<BookLevel>& side, const BookLevel& level, Compare before) {
  auto it = lower_bound_price(side, level.price, before);
  const bool found = it != side.end() && it->price == level.price;
  if (level.size == 0) {
    if (found) side.erase(it);
  } else if (found) {
    it->size = level.size;
  } else {
    side.insert(it, level);
  }
}

// A merge moves every level from the worst one a delta names up to the best; beyond this many per
// delta level, searching and shifting level by level is cheaper (a deep book that a delta touches
// at a few levels, as Bybit's orderbook.200 is).
constexpr std::size_t kMergeSpanPerLevel = 4;

// Applies a delta's levels to a side in one merge pass when the delta names each price once, in
// one direction (exchanges send each side best first) and spans few levels more than it names: the
// side set_level would leave, but a delta of k levels that spans m levels of the side costs
// O(m + k) moves instead of k searches and k shifts. False, and the side untouched, otherwise.
// The merge runs from the best end (the back) into k spare slots past it, so it never overwrites
// an old level it has still to read.
template <typename Compare>
bool merge_levels(std::vector<BookLevel>& side, const std::vector<BookLevel>& levels, Compare before) {
  const std::size_t k = levels.size();
  if (k < 2) return false;  // one level: set_level is as cheap
  bool best_first = true;
  bool worst_first = true;
  for (std::size_t i = 1; i < k; ++i) {
    best_first = best_first && before(levels[i].price, levels[i - 1].price);
    worst_first = worst_first && before(levels[i - 1].price, levels[i].price);
  }
  if (!best_first && !worst_first) return false;
  // The j-th level from the best.
  const auto level = [&](std::size_t j) -> const BookLevel& { return levels[best_first ? j : k - 1 - j]; };
  const auto span = side.end() - lower_bound_price(side, level(k - 1).price, before);
  if (static_cast<std::size_t>(span) > kMergeSpanPerLevel * k) return false;
  std::size_t read = side.size();
  side.resize(read + k);
  std::size_t write = side.size();
  for (std::size_t j = 0; j < k;) {
    const BookLevel& l = level(j);
    if (read > 0 && before(l.price, side[read - 1].price)) {
      side[--write] = side[read - 1];
      --read;
      continue;
    }
    if (read > 0 && side[read - 1].price == l.price) --read;  // replaced or deleted
    if (l.size != 0) side[--write] = l;
    ++j;
  }
  // Levels worse than every level of the delta stay where they are, below the merged ones.
  const auto merged = static_cast<std::ptrdiff_t>(side.size() - write);
  std::move(side.begin() + static_cast<std::ptrdiff_t>(write), side.end(),
            side.begin() + static_cast<std::ptrdiff_t>(read));
  side.resize(read + static_cast<std::size_t>(merged));
  return true;
}

template <typename Compare>
void apply_levels(std::vector<BookLevel>& side, const std::vector<BookLevel>& levels, Compare before) {
  if (merge_levels(side, levels, before)) return;
  for (const BookLevel& l : levels) set_level(side, l, before);
}

// The side as set_level would leave it after applying each level of `levels` with a size in turn
// (a later level for the same price replaces an earlier one), without its per-level insertion:
// a snapshot lists the best level first, so inserting one by one at the front was quadratic.
template <typename Compare>
void fill_side(std::vector<BookLevel>& side, const std::vector<BookLevel>& levels, Compare before) {
  side.clear();
  for (const BookLevel& l : levels) {
    if (l.size > 0) side.push_back(l);
  }
  const auto adjacent = [&](auto ordered) {
    for (std::size_t i = 1; i < side.size(); ++i) {
      if (!ordered(side[i - 1].price, side[i].price)) return false;
    }
    return true;
  };
  if (adjacent(before)) return;  // strictly in the side's order: nothing to do
  if (adjacent([&](std::int64_t a, std::int64_t b) { return before(b, a); })) {
    std::reverse(side.begin(), side.end());  // strictly best first, as exchanges send it
    return;
  }
  std::stable_sort(side.begin(), side.end(),
                   [&](const BookLevel& a, const BookLevel& b) { return before(a.price, b.price); });
  // Within a run of one price, the last level given wins.
  std::size_t out = 0;
  for (std::size_t i = 0; i < side.size(); ++i) {
    if (i + 1 < side.size() && side[i + 1].price == side[i].price) continue;
    side[out++] = side[i];
  }
  side.resize(out);
}

std::int64_t sum_top(const std::vector<BookLevel>& side, std::size_t n) {
  std::int64_t total = 0;
  const std::size_t count = std::min(n, side.size());
  for (std::size_t i = 0; i < count; ++i) total += side[side.size() - 1 - i].size;
  return total;
}

}  // namespace

OrderBook::OrderBook(std::size_t delta_buffer_capacity) : buffer_(delta_buffer_capacity) {}

BookApplyStatus OrderBook::apply(const BookUpdate& update) {
  if (update.is_snapshot) return update.from_rest ? bridge(update) : reset(update);
  if (!synchronized_) return hold(update);
  if (update.update_id <= last_update_id_) return BookApplyStatus::duplicate;
  if (update.update_id != last_update_id_ + 1) {
    synchronized_ = false;
    buffer_.hold(update);  // the first delta after the hole: a snapshot just before it bridges
    return BookApplyStatus::gap;
  }
  return apply_delta(update);
}

void OrderBook::desynchronize() {
  synchronized_ = false;
  buffer_.clear();  // a run held before the missing input cannot be bridged across it
}

// Also buffers a delta that crosses the book: a snapshot taken just before it makes it valid again.
BookApplyStatus OrderBook::apply_delta(const BookUpdate& delta) {
  set_levels(delta);
  last_update_id_ = delta.update_id;
  if (!crossed()) return BookApplyStatus::applied;
  synchronized_ = false;
  buffer_.hold(delta);
  return BookApplyStatus::crossed;
}

BookApplyStatus OrderBook::hold(const BookUpdate& delta) {
  buffer_.hold(delta);
  return had_snapshot_ ? BookApplyStatus::ignored_desynchronized : BookApplyStatus::delta_without_snapshot;
}

BookApplyStatus OrderBook::reset(const BookUpdate& snapshot) {
  buffer_.clear();  // deltas before a stream snapshot are older than it, or of a restarted sequence
  replace(snapshot);
  return synchronized_ ? BookApplyStatus::snapshot : BookApplyStatus::crossed;
}

// The live stream is the authority once it has resynchronized the book, and a REST snapshot that
// cannot be bridged must not replace a book whose buffered deltas a later snapshot may still bridge.
BookApplyStatus OrderBook::bridge(const BookUpdate& snapshot) {
  if (synchronized_) return BookApplyStatus::snapshot_unneeded;
  if (!buffer_.bridges(snapshot.update_id)) return BookApplyStatus::snapshot_not_bridged;
  buffer_.drop_through(snapshot.update_id);
  replace(snapshot);
  last_bridge_ = BridgeReport{0, snapshot.header.ts_event};
  if (!synchronized_) return BookApplyStatus::crossed;
  return replay_buffered();
}

// Applies the buffered run in order, exactly as the deltas would have been applied live.
BookApplyStatus OrderBook::replay_buffered() {
  while (!buffer_.empty()) {
    const BookUpdate& delta = buffer_.front();
    set_levels(delta);
    last_update_id_ = delta.update_id;
    ++last_bridge_.deltas_applied;
    last_bridge_.state_time = std::max(last_bridge_.state_time, delta.header.ts_event);
    if (crossed()) {
      synchronized_ = false;
      return BookApplyStatus::crossed;  // the crossing delta stays buffered, as it would live
    }
    buffer_.pop_front();
  }
  return BookApplyStatus::snapshot;
}

void OrderBook::set_levels(const BookUpdate& delta) {
  apply_levels(bids_, delta.bids, std::less<>{});
  apply_levels(asks_, delta.asks, std::greater<>{});
}

void OrderBook::replace(const BookUpdate& snapshot) {
  fill_side(bids_, snapshot.bids, std::less<>{});
  fill_side(asks_, snapshot.asks, std::greater<>{});
  last_update_id_ = snapshot.update_id;
  had_snapshot_ = true;
  synchronized_ = !crossed();
}

bool OrderBook::crossed() const {
  return !bids_.empty() && !asks_.empty() && bids_.back().price >= asks_.back().price;
}

std::optional<BookLevel> OrderBook::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.back();
}

std::optional<BookLevel> OrderBook::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.back();
}

std::int64_t OrderBook::depth(BookSide side, std::size_t n) const {
  return sum_top(side == BookSide::bid ? bids_ : asks_, n);
}

void OrderBook::depth_sums(BookSide side, std::span<const int> depths, std::int64_t* out) const {
  const std::vector<BookLevel>& levels = side == BookSide::bid ? bids_ : asks_;
  const BookLevel* best = levels.data() + levels.size();  // one past the best level
  std::int64_t total = 0;
  std::size_t i = 0;
  for (const int depth : depths) {
    const std::size_t count = std::min(static_cast<std::size_t>(depth), levels.size());
    for (; i < count; ++i) total += best[-1 - static_cast<std::ptrdiff_t>(i)].size;
    *out++ = total;
  }
}

std::size_t OrderBook::level_count(BookSide side) const {
  return side == BookSide::bid ? bids_.size() : asks_.size();
}

}  // namespace fsvc
