#include "core/quality/price_jump_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace fsvc {
namespace {

// Fewer returns than this give no usable σ: nothing is flagged while the window fills.
constexpr std::uint64_t kMinReturns = 30;

std::int64_t second_of(Timestamp ts) {
  return floor_to(ts, kMicrosPerSecond) / kMicrosPerSecond;
}

// The log return of `price` over `elapsed`, per √second. A late event lies before its reference:
// the price moved over the time between them either way. Exchange times have millisecond
// resolution: a shorter step counts as one millisecond.
double return_per_sqrt_second(std::int64_t price, std::int64_t reference, Duration elapsed) {
  const double seconds =
      static_cast<double>(std::max<Duration>(elapsed < 0 ? -elapsed : elapsed, kMicrosPerMilli)) /
      static_cast<double>(kMicrosPerSecond);
  return std::log(static_cast<double>(price) / static_cast<double>(reference)) / std::sqrt(seconds);
}

}  // namespace

PriceJumpCheck::PriceJumpCheck(double k, int min_ticks, Duration window)
    : k_(k),
      min_ticks_(min_ticks),
      ring_(static_cast<std::size_t>(std::max<Duration>(window / kMicrosPerSecond, 1))) {}

bool PriceJumpCheck::check(Timestamp ts, std::int64_t price, std::int64_t tick) {
  const std::int64_t second = second_of(ts);
  advance_to(second);
  if (reference_ <= 0) {
    reference_ = price;
    reference_time_ = ts;
    return false;
  }
  const double r = return_per_sqrt_second(price, reference_, ts - reference_time_);
  const bool far = tick > 0 && std::llabs(price - reference_) > static_cast<std::int64_t>(min_ticks_) * tick;
  if (!far || !exceeds_sigma(r)) {
    add_return(second, r);
    reference_ = price;
    reference_time_ = ts;
    flagged_.reset();
    return false;
  }
  if (flagged_ && std::llabs(price - *flagged_) <= static_cast<std::int64_t>(min_ticks_) * tick) {
    reference_ = price;  // two prices agree: the market moved, and the first was counted already
    reference_time_ = ts;
    flagged_.reset();
    return false;
  }
  flagged_ = price;
  return true;
}

bool PriceJumpCheck::exceeds_sigma(double r) const {
  if (n_ < kMinReturns) return false;
  const double mean = sum_ / static_cast<double>(n_);
  const double variance = std::max(0.0, sum_sq_ / static_cast<double>(n_) - mean * mean);
  return std::fabs(r) > k_ * std::sqrt(variance);
}

// Drops the seconds that left the window; a time going backwards keeps the newest second.
void PriceJumpCheck::advance_to(std::int64_t second) {
  if (any_ && second <= newest_second_) return;
  const auto size = static_cast<std::int64_t>(ring_.size());
  if (!any_ || second - newest_second_ >= size) {
    std::fill(ring_.begin(), ring_.end(), SecondSums{});
    n_ = 0;
    sum_ = sum_sq_ = 0;
  } else {
    for (std::int64_t s = newest_second_ + 1 - size; s <= second - size; ++s) {
      SecondSums& slot = ring_[static_cast<std::size_t>(((s % size) + size) % size)];
      if (slot.n == 0 || slot.second != s) continue;
      n_ -= slot.n;
      sum_ -= slot.sum;
      sum_sq_ -= slot.sum_sq;
      slot = {};
    }
  }
  newest_second_ = second;
  any_ = true;
}

void PriceJumpCheck::add_return(std::int64_t second, double r) {
  const auto size = static_cast<std::int64_t>(ring_.size());
  // A return from before the window's start (time went backwards) counts in the newest second.
  const std::int64_t s = second > newest_second_ - size ? std::min(second, newest_second_) : newest_second_;
  SecondSums& slot = ring_[static_cast<std::size_t>(((s % size) + size) % size)];
  if (slot.second != s) {
    n_ -= slot.n;
    sum_ -= slot.sum;
    sum_sq_ -= slot.sum_sq;
    slot = SecondSums{s, 0, 0, 0};
  }
  ++slot.n;
  slot.sum += r;
  slot.sum_sq += r * r;
  ++n_;
  sum_ += r;
  sum_sq_ += r * r;
}

}  // namespace fsvc
