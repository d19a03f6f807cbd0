#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc {

enum class BookApplyStatus : std::uint8_t {
  not_a_book_event,
  snapshot,
  applied,
  duplicate,
  gap,
  delta_without_snapshot,
  crossed,
  ignored_desynchronized,
};

enum class BookSide : std::uint8_t { bid, ask };

// Exact price-level book (features.md §2). Each side is a sorted vector with the best level at
// the back, so changes near the top of the book move little memory.
class OrderBook {
 public:
  BookApplyStatus apply(const BookUpdate& update);

  bool synchronized() const { return synchronized_; }
  std::optional<BookLevel> best_bid() const;
  std::optional<BookLevel> best_ask() const;
  // Exact sum of the sizes of the best n levels of `side` (fewer if the side has fewer).
  std::int64_t depth(BookSide side, std::size_t n) const;
  std::size_t level_count(BookSide side) const;
  std::int64_t last_update_id() const { return last_update_id_; }

 private:
  void replace(const BookUpdate& snapshot);
  bool crossed() const;

  std::vector<BookLevel> bids_;  // ascending price: best bid at the back
  std::vector<BookLevel> asks_;  // descending price: best ask at the back
  std::int64_t last_update_id_ = 0;
  bool synchronized_ = false;
  bool had_snapshot_ = false;  // tells a first delta (desynchronizes) from one after a gap
};

}  // namespace fsvc
