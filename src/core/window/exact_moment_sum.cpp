#include "core/window/exact_moment_sum.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace fsvc {
namespace {

UInt128 magnitude(Int128 k) {
  return k < 0 ? UInt128{0} - static_cast<UInt128>(k) : static_cast<UInt128>(k);
}

UInt256 square(Int128 k) {
  const UInt128 m = magnitude(k);
  return UInt256::product(m, m);
}

}  // namespace

Int128 ExactMomentSum::quantise(double value) {
  if (!(std::abs(value) < kValueLimit)) {
    throw std::out_of_range("ExactMomentSum: value " + std::to_string(value) + " outside (-64, 64)");
  }
  // Scaling by a power of two is exact; the rounding (half away from zero, whatever the floating
  // rounding mode) is the one quantisation.
  return static_cast<Int128>(std::round(std::ldexp(value, kFractionBits)));
}

void ExactMomentSum::add_quantised(Int128 k) {
  ++count_;
  sum_ += static_cast<UInt128>(k);
  squares_ = squares_ + square(k);
}

void ExactMomentSum::remove_quantised(Int128 k) {
  --count_;
  sum_ -= static_cast<UInt128>(k);
  squares_ = squares_ - square(k);
}

ExactMomentSum& ExactMomentSum::operator+=(const ExactMomentSum& other) {
  count_ += other.count_;
  sum_ += other.sum_;
  squares_ = squares_ + other.squares_;
  return *this;
}

ExactMomentSum& ExactMomentSum::operator-=(const ExactMomentSum& other) {
  count_ -= other.count_;
  sum_ -= other.sum_;
  squares_ = squares_ - other.squares_;
  return *this;
}

// n^2 * variance = n * sum(k^2) - sum(k)^2, exactly and never negative (Cauchy-Schwarz); scaled
// back by 2^-192 (k carries 2^96) after a single conversion to double.
std::optional<double> ExactMomentSum::population_standard_deviation() const {
  if (count_ < 2) return std::nullopt;
  const UInt128 sum = magnitude(static_cast<Int128>(sum_));
  const UInt256 spread = squares_.times(static_cast<std::uint64_t>(count_)) - UInt256::product(sum, sum);
  const double n = static_cast<double>(count_);
  return std::sqrt(std::ldexp(spread.to_double() / (n * n), -2 * kFractionBits));
}

}  // namespace fsvc
