#include "core/window/grid_mid_series.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fsvc {
namespace {

constexpr std::size_t kCompactAt = 256;  // evicted points tolerated in front before compacting

std::optional<double> log_return(const std::optional<std::int64_t>& now,
                                 const std::optional<std::int64_t>& before) {
  if (!now || !before) return std::nullopt;
  return std::log(static_cast<double>(*now) / static_cast<double>(*before));
}

// The return at a grid point that is not filled, read from the book history.
std::optional<double> history_return(Timestamp b, const BookTopHistory& history) {
  return log_return(mid_sum(history.find(b)), mid_sum(history.find(b - kGridStep)));
}

Timestamp window_first(Timestamp t, Duration window) {
  return floor_to(t - window, kGridStep) + kGridStep;
}

// The first grid point >= `first` that the history can have a record for: points before its oldest
// record have no mid, hence no return. Skipping them matters after a start, when a 5-minute window
// reaches minutes before the first book message and every point would be searched for in vain.
Timestamp first_recorded_point(Timestamp first, const BookTopHistory& history) {
  const std::optional<Timestamp> oldest = history.oldest_ts();
  if (!oldest) return std::numeric_limits<Timestamp>::max();
  return std::max(first, ceil_to(*oldest, kGridStep));
}

}  // namespace

std::optional<std::int64_t> mid_sum(const BookTop* top) {
  if (top == nullptr || !top->synchronized || top->best_bid == 0 || top->best_ask == 0) return std::nullopt;
  return top->best_bid + top->best_ask;
}

std::optional<std::int64_t> mid_sum(const std::optional<BookTop>& top) {
  return mid_sum(top ? &*top : nullptr);
}

GridMidSeries::GridMidSeries(const std::vector<Duration>& cached_windows) {
  for (const Duration w : cached_windows) cached_.push_back(CachedVolatility{w, 0, 0, false, std::nullopt});
}

Duration GridMidSeries::longest_cached_window() const {
  Duration out = 0;
  for (const CachedVolatility& cache : cached_) out = std::max(out, cache.window);
  return out;
}

void GridMidSeries::fill_through(Timestamp t, const BookTopHistory& history) {
  Timestamp b = empty() ? floor_to(t, kGridStep) : points_.back().b + kGridStep;
  if (b > t) return;
  // After a silence (features.md §1) only the points the longest window ending at t reads are
  // needed: filling every second of the gap would cost time and memory in proportion to its length,
  // and the points skipped would be evicted unread. The points filled are the same either way.
  const Timestamp oldest_read = floor_to(t, kGridStep) - longest_cached_window();
  if (b < oldest_read) {
    points_.clear();
    head_ = 0;
    b = oldest_read;
  }
  for (; b <= t; b += kGridStep) {
    const auto mid = mid_sum(history.find(b));
    std::optional<std::int64_t> previous;
    if (empty()) {
      previous = mid_sum(history.find(b - kGridStep));
    } else if (points_.back().has_mid) {
      previous = points_.back().mid_sum;
    }
    const auto r = log_return(mid, previous);
    points_.push_back(Point{b, mid.value_or(0), r.value_or(0.0), mid.has_value(), r.has_value()});
  }
  const Timestamp last = points_.back().b;
  for (CachedVolatility& cache : cached_) {
    const Timestamp first = window_first(last, cache.window);
    cache.valid = holds(first, last);
    if (!cache.valid) continue;
    cache.first = first;
    cache.last = last;
    cache.value = compute_volatility(first, last, history);
  }
}

std::optional<Timestamp> GridMidSeries::last_filled() const {
  if (empty()) return std::nullopt;
  return points_.back().b;
}

bool GridMidSeries::holds(Timestamp first, Timestamp last) const {
  return !empty() && first >= begin()->b && last <= points_.back().b;
}

// Splits the grid points first, first + 1 s, ..., last into those before the first held point
// and those after the last filled one (both read from the history) and the held ones between.
GridMidSeries::Span GridMidSeries::split(Timestamp first, Timestamp last) const {
  Span span{last + kGridStep, nullptr, nullptr, last + kGridStep};  // nothing held: all from the history
  if (empty()) return span;
  const Timestamp held_first = begin()->b;
  const Timestamp held_last = points_.back().b;
  span.head_end = std::max(first, std::min(held_first, last + kGridStep));
  const Timestamp from = std::max(first, held_first);
  const Timestamp stop = std::min(last, held_last);
  if (from <= stop) {
    span.held = begin() + (from - held_first) / kGridStep;
    span.held_end = begin() + (stop - held_first) / kGridStep + 1;
  }
  span.tail_begin = std::max(first, held_last + kGridStep);
  return span;
}

// The held points' loops are functions of their own, so that their accumulator stays in a register
// (a call in the same loop nest, as the history reads make, would keep it in memory and put a
// store-to-load round trip on the additions' serial dependency chain). Same additions, same order.
[[gnu::noinline]] double GridMidSeries::add_held_returns(const Point* p, const Point* end, double sum,
                                                         int& count) {
  int n = count;
  for (; p != end; ++p) {
    if (p->has_return) {
      sum += p->log_return;
      ++n;
    }
  }
  count = n;
  return sum;
}

[[gnu::noinline]] double GridMidSeries::add_held_squares(const Point* p, const Point* end, double mean,
                                                         double squares) {
  for (; p != end; ++p) {
    if (p->has_return) squares += (p->log_return - mean) * (p->log_return - mean);
  }
  return squares;
}

// Two passes over the defined returns in grid order: the sum, then the squares about the mean.
std::optional<double> GridMidSeries::compute_volatility(Timestamp first, Timestamp last,
                                                        const BookTopHistory& history) const {
  const Span span = split(first, last);
  double sum = 0;
  int count = 0;
  const Timestamp head_begin = first_recorded_point(first, history);
  for (Timestamp b = head_begin; b < span.head_end; b += kGridStep) {
    if (const auto r = history_return(b, history)) {
      sum += *r;
      ++count;
    }
  }
  sum = add_held_returns(span.held, span.held_end, sum, count);
  for (Timestamp b = span.tail_begin; b <= last; b += kGridStep) {
    if (const auto r = history_return(b, history)) {
      sum += *r;
      ++count;
    }
  }
  if (count < 2) return std::nullopt;
  const double mean = sum / count;
  double squares = 0;
  for (Timestamp b = head_begin; b < span.head_end; b += kGridStep) {
    if (const auto r = history_return(b, history)) squares += (*r - mean) * (*r - mean);
  }
  squares = add_held_squares(span.held, span.held_end, mean, squares);
  for (Timestamp b = span.tail_begin; b <= last; b += kGridStep) {
    if (const auto r = history_return(b, history)) squares += (*r - mean) * (*r - mean);
  }
  return std::sqrt(squares / count);
}

std::optional<double> GridMidSeries::volatility(Timestamp t, Duration window,
                                                const BookTopHistory& history) const {
  const Timestamp first = window_first(t, window);
  const Timestamp last = floor_to(t, kGridStep);
  for (const CachedVolatility& cache : cached_) {
    if (cache.valid && cache.first == first && cache.last == last && holds(first, last)) return cache.value;
  }
  return compute_volatility(first, last, history);
}

void GridMidSeries::evict_before(Timestamp horizon) {
  while (!empty() && points_[head_].b < horizon) ++head_;
  if (head_ >= kCompactAt && head_ * 2 >= points_.size()) {
    points_.erase(points_.begin(), points_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

}  // namespace fsvc
