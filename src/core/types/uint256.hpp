#pragma once

#include <cstdint>

#include "core/types/int128.hpp"

namespace fsvc {

// An unsigned 256-bit integer with the few operations exact sums of squares need. Addition,
// subtraction and multiplication wrap modulo 2^256, as unsigned integers do, so a difference of
// two running totals is exact whenever the true difference fits.
struct UInt256 {
  UInt128 low = 0;
  UInt128 high = 0;

  // The full product of two 128-bit integers.
  static UInt256 product(UInt128 a, UInt128 b);
  // This times m, modulo 2^256.
  UInt256 times(std::uint64_t m) const;
  // The nearest double (ties to even), whatever the magnitude.
  double to_double() const;

  friend bool operator==(const UInt256&, const UInt256&) = default;
  friend UInt256 operator+(const UInt256& a, const UInt256& b) {
    const UInt128 low = a.low + b.low;
    return UInt256{low, a.high + b.high + (low < a.low ? 1 : 0)};
  }
  friend UInt256 operator-(const UInt256& a, const UInt256& b) {
    return UInt256{a.low - b.low, a.high - b.high - (a.low < b.low ? 1 : 0)};
  }
};

}  // namespace fsvc
