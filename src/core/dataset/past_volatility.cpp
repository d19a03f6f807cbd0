#include "core/dataset/past_volatility.hpp"

#include <cmath>

namespace fsvc::dataset {

void PastVolatility::add(Timestamp t, std::optional<double> mid) {
  if (t % kMicrosPerSecond != 0) return;
  if (mid && *mid > 0 && last_mid_ && last_second_ && *last_second_ == t - kMicrosPerSecond) {
    returns_.push_back({t, std::log(*mid / *last_mid_)});
  }
  last_second_ = t;
  last_mid_ = (mid && *mid > 0) ? mid : std::nullopt;
  while (!returns_.empty() && returns_.front().at <= t - window_) returns_.pop_front();
}

std::optional<double> PastVolatility::sigma(Timestamp t) const {
  // Two passes over at most window/1s values: exact enough and independent of history.
  double sum = 0;
  std::size_t n = 0;
  for (const Return& r : returns_) {
    if (r.at <= t - window_ || r.at > t) continue;
    sum += r.value;
    ++n;
  }
  if (n < 2) return std::nullopt;
  const double mean = sum / static_cast<double>(n);
  double squares = 0;
  for (const Return& r : returns_) {
    if (r.at <= t - window_ || r.at > t) continue;
    squares += (r.value - mean) * (r.value - mean);
  }
  return std::sqrt(squares / static_cast<double>(n));
}

}  // namespace fsvc::dataset
