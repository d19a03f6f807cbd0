#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/book/book_top_history.hpp"
#include "core/types/timestamp.hpp"
#include "core/window/exact_moment_sum.hpp"

namespace fsvc {

inline constexpr Duration kGridStep = kMicrosPerSecond;

// Twice the mid in price units (bid + ask), exact; nullopt when unsynchronized or a side is empty.
std::optional<std::int64_t> mid_sum(const std::optional<BookTop>& top);
std::optional<std::int64_t> mid_sum(const BookTop* top);  // nullptr: no record

// The mid at every 1 s grid point and the log return to the previous point, filled from the book
// history once a boundary has passed, so volatility is the same for grid and latest vectors.
//
// Each filled point keeps the exact moments (ExactMomentSum) of the returns of every point filled
// up to it, so the returns of any run of filled points are the difference of two of them: a
// volatility query is O(1) for any window, plus the few points it reads from the history. The
// moments being exact integers, the value depends only on the window's returns — not on when
// filling started, which points were filled or read from the history, or in which order.
class GridMidSeries {
 public:
  // `windows`: the volatility windows to serve (the registry's); the longest bounds the points a
  // fill after a silence needs.
  explicit GridMidSeries(const std::vector<Duration>& windows = {});

  // Fills every grid point <= t not filled yet; the first call, and the first after a gap, start
  // with the first point the longest volatility window ending at t reads (or the history's first
  // with a mid).
  void fill_through(Timestamp t, const BookTopHistory& history);
  // Population standard deviation of the defined returns at grid points b in (t - W, t]; grid
  // points outside the filled ones are read from `history`. Nullopt with fewer than 2 returns.
  std::optional<double> volatility(Timestamp t, Duration window, const BookTopHistory& history) const;
  void evict_before(Timestamp horizon);
  std::optional<Timestamp> last_filled() const;
  // What one kept grid point costs (memory estimates).
  static std::size_t bytes_per_point() { return sizeof(ExactMomentSum); }

 private:
  // The moments of the returns at the held points first, first + 1 s, ..., last (within the held).
  ExactMomentSum held_returns(Timestamp first, Timestamp last) const;
  const ExactMomentSum& through_before(std::size_t index) const;
  bool empty() const { return head_ == through_.size(); }
  Timestamp held_first() const { return first_point_ + static_cast<Timestamp>(head_) * kGridStep; }
  Timestamp held_last() const {
    return first_point_ + static_cast<Timestamp>(through_.size() - 1) * kGridStep;
  }

  Duration longest_window_ = 0;
  // through_[i]: the moments of the returns at every point filled up to first_point_ + i s; live
  // from head_. before_first_ is the same for the point before first_point_.
  std::vector<ExactMomentSum> through_;
  std::size_t head_ = 0;
  Timestamp first_point_ = 0;
  ExactMomentSum before_first_;
  std::optional<std::int64_t> last_mid_;  // the mid at the last filled point
};

}  // namespace fsvc
