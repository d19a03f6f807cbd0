#include "core/window/grid_mid_series.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fsvc {
namespace {

constexpr std::size_t kCompactAt = 256;  // evicted points tolerated in front before compacting

// A log return needs both mids, and positive ones (a hostile feed could bring others).
std::optional<double> log_return(const std::optional<std::int64_t>& now,
                                 const std::optional<std::int64_t>& before) {
  if (!now || !before || *now <= 0 || *before <= 0) return std::nullopt;
  return std::log(static_cast<double>(*now) / static_cast<double>(*before));
}

// The return at a grid point that is not filled, read from the book history.
std::optional<double> history_return(Timestamp b, const BookTopHistory& history) {
  return log_return(mid_sum(history.find(b)), mid_sum(history.find(b - kGridStep)));
}

// The returns at the grid points [from, to], read from the history.
void add_history_returns(Timestamp from, Timestamp to, const BookTopHistory& history, ExactMomentSum& out) {
  for (Timestamp b = from; b <= to; b += kGridStep) {
    if (const auto r = history_return(b, history)) out.add(*r);
  }
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

GridMidSeries::GridMidSeries(const std::vector<Duration>& windows) {
  for (const Duration w : windows) longest_window_ = std::max(longest_window_, w);
}

void GridMidSeries::fill_through(Timestamp t, const BookTopHistory& history) {
  // The first fill, and the first after a silence (features.md §1), start with the oldest point the
  // longest window ending at t reads, or the first the history has a mid for: filling the rest of a
  // gap would cost time and memory in proportion to its length for points evicted unread, and
  // filling the window's points now spares every later vector reading them from the history.
  const Timestamp oldest_read = first_recorded_point(floor_to(t, kGridStep) - longest_window_, history);
  if (oldest_read > t) return;  // no mid recorded within reach: no point would have a return
  if (empty() || held_last() + kGridStep < oldest_read) {
    if (!through_.empty()) before_first_ = through_.back();  // the running totals go on
    through_.clear();
    head_ = 0;
    first_point_ = oldest_read;
    last_mid_ = mid_sum(history.find(oldest_read - kGridStep));
  }
  ExactMomentSum moments = through_.empty() ? before_first_ : through_.back();
  for (Timestamp b = first_point_ + static_cast<Timestamp>(through_.size()) * kGridStep; b <= t;
       b += kGridStep) {
    const auto mid = mid_sum(history.find(b));
    if (const auto r = log_return(mid, last_mid_)) moments.add(*r);
    through_.push_back(moments);
    last_mid_ = mid;
  }
}

std::optional<Timestamp> GridMidSeries::last_filled() const {
  if (empty()) return std::nullopt;
  return held_last();
}

const ExactMomentSum& GridMidSeries::through_before(std::size_t index) const {
  return index == 0 ? before_first_ : through_[index - 1];
}

ExactMomentSum GridMidSeries::held_returns(Timestamp first, Timestamp last) const {
  const auto index = [this](Timestamp b) { return static_cast<std::size_t>((b - first_point_) / kGridStep); };
  return through_[index(last)] - through_before(index(first));
}

std::optional<double> GridMidSeries::volatility(Timestamp t, Duration window,
                                                const BookTopHistory& history) const {
  const Timestamp first = window_first(t, window);
  const Timestamp last = floor_to(t, kGridStep);
  ExactMomentSum returns;
  if (empty() || last < held_first() || first > held_last()) {
    add_history_returns(first_recorded_point(first, history), last, history, returns);
  } else {
    // Points before the held ones (a window reaching back before the first fill), the held ones,
    // then those after the last filled one (a latest vector past the last boundary).
    add_history_returns(first_recorded_point(first, history), held_first() - kGridStep, history, returns);
    returns += held_returns(std::max(first, held_first()), std::min(last, held_last()));
    add_history_returns(held_last() + kGridStep, last, history, returns);
  }
  return returns.population_standard_deviation();
}

void GridMidSeries::evict_before(Timestamp horizon) {
  while (!empty() && held_first() < horizon) ++head_;
  if (head_ >= kCompactAt && head_ * 2 >= through_.size()) {
    before_first_ = through_[head_ - 1];
    through_.erase(through_.begin(), through_.begin() + static_cast<std::ptrdiff_t>(head_));
    first_point_ += static_cast<Timestamp>(head_) * kGridStep;
    head_ = 0;
  }
}

}  // namespace fsvc
