#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/book/book_top_history.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

inline constexpr Duration kGridStep = kMicrosPerSecond;

// Twice the mid in price units (bid + ask), exact; nullopt when unsynchronized or a side is empty.
std::optional<std::int64_t> mid_sum(const std::optional<BookTop>& top);
std::optional<std::int64_t> mid_sum(const BookTop* top);  // nullptr: no record

// The mid at every 1 s grid point and the log return to the previous point, filled from the book
// history once a boundary has passed, so volatility is the same for grid and latest vectors.
//
// A filled point never changes, so the volatility over a window whose points are all filled is a
// function of those points only: for the cached windows it is computed once, when
// the window's last point is filled, by the same expression as any other query, and returned for
// every query with that last point while the window's points are all still held.
class GridMidSeries {
 public:
  // `cached_windows`: the volatility windows computed once per filled point (the registry's).
  explicit GridMidSeries(const std::vector<Duration>& cached_windows = {});

  // Fills every grid point <= t not filled yet (the first call starts at floor(t)); after a gap,
  // only those from the first point the longest cached volatility window ending at t reads.
  void fill_through(Timestamp t, const BookTopHistory& history);
  // Population standard deviation of the defined returns at grid points b in (t - W, t]; grid
  // points after the last filled one are read from `history`. Nullopt with fewer than 2 returns.
  std::optional<double> volatility(Timestamp t, Duration window, const BookTopHistory& history) const;
  void evict_before(Timestamp horizon);
  std::optional<Timestamp> last_filled() const;
  // What one kept grid point costs (memory estimates).
  static std::size_t bytes_per_point() { return sizeof(Point); }

 private:
  Duration longest_cached_window() const;

  struct Point {
    Timestamp b;
    std::int64_t mid_sum;  // meaningful when has_mid
    double log_return;     // meaningful when has_return
    bool has_mid;
    bool has_return;
  };
  struct CachedVolatility {
    Duration window = 0;
    Timestamp first = 0;  // the window's first and last grid points
    Timestamp last = 0;
    bool valid = false;
    std::optional<double> value;
  };

  // The grid points [first, last] as: [first, head_end) and [tail_begin, last] read from the
  // history, [held, held_end) filled points in between.
  struct Span {
    Timestamp head_end;
    const Point* held;
    const Point* held_end;
    Timestamp tail_begin;
  };

  Span split(Timestamp first, Timestamp last) const;
  static double add_held_returns(const Point* p, const Point* end, double sum, int& count);
  static double add_held_squares(const Point* p, const Point* end, double mean, double squares);
  std::optional<double> compute_volatility(Timestamp first, Timestamp last,
                                           const BookTopHistory& history) const;
  bool holds(Timestamp first, Timestamp last) const;  // every grid point of [first, last] is filled
  const Point* begin() const { return points_.data() + head_; }
  const Point* end() const { return points_.data() + points_.size(); }
  bool empty() const { return head_ == points_.size(); }

  std::vector<Point> points_;  // consecutive grid points; live from head_
  std::size_t head_ = 0;
  std::vector<CachedVolatility> cached_;
};

}  // namespace fsvc
