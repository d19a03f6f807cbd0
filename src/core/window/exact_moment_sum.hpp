#pragma once

#include <cstdint>
#include <optional>

#include "core/types/int128.hpp"
#include "core/types/uint256.hpp"

namespace fsvc {

// The count, sum and sum of squares of values quantised once to multiples of 2^-96, kept as exact
// integers: adding and removing values in any order, or combining partial sums, gives the same state
// bit for bit, so a statistic read from it depends only on the values, never on how they were
// accumulated (a floating running sum's rounding would depend on that history).
//
// Sums wrap modulo 2^128 and 2^256 like unsigned integers, so the difference of two running totals
// (moments of the values between two points) is exact as long as the values between are in range.
// Range: |value| < 64 (a log return of two positive int64 mids is below 44) and at most 2^26 values
// in one sum, so that n * sum of squares < 2^26 * 2^26 * 2^206 stays below 2^256.
//
// Error of population_standard_deviation() against the exact one of the unquantised values:
// quantisation moves each value by at most 2^-97, which moves a standard deviation by at most 2^-97
// (it is a seminorm: |sd(x + e) - sd(x)| <= sd(e) <= max |e|); the integers are exact; then three
// roundings (to double, the division by n^2, the square root) add at most ~2^-52 relative.
// So |result - sd| <= 2^-97 + 2^-52 * sd (about 6.3e-30 + 2.2e-16 * sd).
class ExactMomentSum {
 public:
  static constexpr int kFractionBits = 96;
  static constexpr double kValueLimit = 64;

  // round(value * 2^96); throws std::out_of_range unless |value| < kValueLimit (NaN included).
  static Int128 quantise(double value);

  void add(double value) { add_quantised(quantise(value)); }
  void remove(double value) { remove_quantised(quantise(value)); }
  void add_quantised(Int128 k);
  void remove_quantised(Int128 k);

  std::int64_t count() const { return count_; }
  // Nullopt with fewer than 2 values. A constant run of values gives exactly 0.
  std::optional<double> population_standard_deviation() const;

  ExactMomentSum& operator+=(const ExactMomentSum& other);
  ExactMomentSum& operator-=(const ExactMomentSum& other);
  friend ExactMomentSum operator+(ExactMomentSum a, const ExactMomentSum& b) { return a += b; }
  friend ExactMomentSum operator-(ExactMomentSum a, const ExactMomentSum& b) { return a -= b; }
  friend bool operator==(const ExactMomentSum&, const ExactMomentSum&) = default;

 private:
  std::int64_t count_ = 0;
  UInt128 sum_ = 0;  // sum of k, two's complement modulo 2^128
  UInt256 squares_;  // sum of k^2 modulo 2^256
};

}  // namespace fsvc
