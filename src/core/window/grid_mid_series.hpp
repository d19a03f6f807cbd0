#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "core/book/book_top_history.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

inline constexpr Duration kGridStep = kMicrosPerSecond;

// Twice the mid in price units (bid + ask), exact; nullopt when unsynchronized or a side is empty.
std::optional<std::int64_t> mid_sum(const std::optional<BookTop>& top);

// The mid at every 1 s grid point and the log return to the previous point, filled from the book
// history once a boundary has passed, so volatility is the same for grid and latest vectors.
class GridMidSeries {
 public:
  // Fills every grid point <= t not filled yet (the first call starts at floor(t)).
  void fill_through(Timestamp t, const BookTopHistory& history);
  // Population standard deviation of the defined returns at grid points b in (t - W, t]; grid
  // points after the last filled one are read from `history`. Nullopt with fewer than 2 returns.
  std::optional<double> volatility(Timestamp t, Duration window, const BookTopHistory& history) const;
  void evict_before(Timestamp horizon);
  std::optional<Timestamp> last_filled() const;

 private:
  struct Point {
    Timestamp b;
    std::optional<std::int64_t> mid_sum;
    std::optional<double> log_return;
  };
  std::optional<double> return_at(Timestamp b, const BookTopHistory& history) const;

  std::deque<Point> points_;  // consecutive grid points
};

}  // namespace fsvc
