#include "core/window/grid_mid_series.hpp"

#include <cmath>

namespace fsvc {
namespace {

std::optional<double> log_return(const std::optional<std::int64_t>& now,
                                 const std::optional<std::int64_t>& before) {
  if (!now || !before) return std::nullopt;
  return std::log(static_cast<double>(*now) / static_cast<double>(*before));
}

}  // namespace

std::optional<std::int64_t> mid_sum(const std::optional<BookTop>& top) {
  if (!top || !top->synchronized || top->best_bid == 0 || top->best_ask == 0) return std::nullopt;
  return top->best_bid + top->best_ask;
}

void GridMidSeries::fill_through(Timestamp t, const BookTopHistory& history) {
  Timestamp b = points_.empty() ? floor_to(t, kGridStep) : points_.back().b + kGridStep;
  for (; b <= t; b += kGridStep) {
    const auto mid = mid_sum(history.as_of(b));
    const auto previous = points_.empty() ? mid_sum(history.as_of(b - kGridStep)) : points_.back().mid_sum;
    points_.push_back(Point{b, mid, log_return(mid, previous)});
  }
}

std::optional<Timestamp> GridMidSeries::last_filled() const {
  if (points_.empty()) return std::nullopt;
  return points_.back().b;
}

std::optional<double> GridMidSeries::return_at(Timestamp b, const BookTopHistory& history) const {
  if (!points_.empty() && b >= points_.front().b && b <= points_.back().b) {
    return points_[static_cast<std::size_t>((b - points_.front().b) / kGridStep)].log_return;
  }
  return log_return(mid_sum(history.as_of(b)), mid_sum(history.as_of(b - kGridStep)));
}

std::optional<double> GridMidSeries::volatility(Timestamp t, Duration window,
                                                const BookTopHistory& history) const {
  const Timestamp first = floor_to(t - window, kGridStep) + kGridStep;
  const Timestamp last = floor_to(t, kGridStep);
  double sum = 0;
  int count = 0;
  for (Timestamp b = first; b <= last; b += kGridStep) {
    if (auto r = return_at(b, history)) {
      sum += *r;
      ++count;
    }
  }
  if (count < 2) return std::nullopt;
  const double mean = sum / count;
  double squares = 0;
  for (Timestamp b = first; b <= last; b += kGridStep) {
    if (auto r = return_at(b, history)) squares += (*r - mean) * (*r - mean);
  }
  return std::sqrt(squares / count);
}

void GridMidSeries::evict_before(Timestamp horizon) {
  while (!points_.empty() && points_.front().b < horizon) points_.pop_front();
}

}  // namespace fsvc
