#include "core/book/order_book.hpp"

#include <algorithm>
#include <functional>

namespace fsvc {
namespace {

// `before` orders a side so that the best level is at the back.
template <typename Compare>
void set_level(std::vector<BookLevel>& side, const BookLevel& level, Compare before) {
  auto it = std::lower_bound(side.begin(), side.end(), level.price,
                             [&](const BookLevel& l, std::int64_t p) { return before(l.price, p); });
  const bool found = it != side.end() && it->price == level.price;
  if (level.size == 0) {
    if (found) side.erase(it);
  } else if (found) {
    it->size = level.size;
  } else {
    side.insert(it, level);
  }
}

template <typename Compare>
void fill_side(std::vector<BookLevel>& side, const std::vector<BookLevel>& levels, Compare before) {
  side.clear();
  for (const BookLevel& l : levels) {
    if (l.size > 0) set_level(side, l, before);
  }
}

std::int64_t sum_top(const std::vector<BookLevel>& side, std::size_t n) {
  std::int64_t total = 0;
  const std::size_t count = std::min(n, side.size());
  for (std::size_t i = 0; i < count; ++i) total += side[side.size() - 1 - i].size;
  return total;
}

}  // namespace

BookApplyStatus OrderBook::apply(const BookUpdate& update) {
  if (update.is_snapshot) {
    replace(update);
    return synchronized_ ? BookApplyStatus::snapshot : BookApplyStatus::crossed;
  }
  if (!synchronized_) {
    return had_snapshot_ ? BookApplyStatus::ignored_desynchronized : BookApplyStatus::delta_without_snapshot;
  }
  if (update.update_id <= last_update_id_) return BookApplyStatus::duplicate;
  if (update.update_id != last_update_id_ + 1) {
    synchronized_ = false;
    return BookApplyStatus::gap;
  }
  for (const BookLevel& l : update.bids) set_level(bids_, l, std::less<>{});
  for (const BookLevel& l : update.asks) set_level(asks_, l, std::greater<>{});
  last_update_id_ = update.update_id;
  if (crossed()) {
    synchronized_ = false;
    return BookApplyStatus::crossed;
  }
  return BookApplyStatus::applied;
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

std::size_t OrderBook::level_count(BookSide side) const {
  return side == BookSide::bid ? bids_.size() : asks_.size();
}

}  // namespace fsvc
