#include "core/types/uint256.hpp"

#include <array>
#include <bit>
#include <cmath>

namespace fsvc {
namespace {

constexpr int kLimbBits = 64;

std::uint64_t low64(UInt128 v) {
  return static_cast<std::uint64_t>(v);
}
std::uint64_t high64(UInt128 v) {
  return static_cast<std::uint64_t>(v >> kLimbBits);
}

std::array<std::uint64_t, 4> limbs(const UInt256& v) {
  return {low64(v.low), high64(v.low), low64(v.high), high64(v.high)};
}

UInt256 from_limbs(const std::array<std::uint64_t, 4>& l) {
  return UInt256{static_cast<UInt128>(l[1]) << kLimbBits | l[0],
                 static_cast<UInt128>(l[3]) << kLimbBits | l[2]};
}

}  // namespace

UInt256 UInt256::product(UInt128 a, UInt128 b) {
  const UInt128 p00 = static_cast<UInt128>(low64(a)) * low64(b);
  const UInt128 p01 = static_cast<UInt128>(low64(a)) * high64(b);
  const UInt128 p10 = static_cast<UInt128>(high64(a)) * low64(b);
  const UInt128 p11 = static_cast<UInt128>(high64(a)) * high64(b);
  // The middle column: below 3 * 2^64, no overflow.
  const UInt128 middle = static_cast<UInt128>(high64(p00)) + low64(p01) + low64(p10);
  return UInt256{static_cast<UInt128>(low64(middle)) << kLimbBits | low64(p00),
                 p11 + high64(p01) + high64(p10) + high64(middle)};
}

UInt256 UInt256::times(std::uint64_t m) const {
  std::array<std::uint64_t, 4> l = limbs(*this);
  UInt128 carry = 0;
  for (std::uint64_t& limb : l) {
    const UInt128 column = static_cast<UInt128>(limb) * m + carry;  // < 2^128
    limb = low64(column);
    carry = high64(column);
  }
  return from_limbs(l);
}

// The top 64 significant bits, with a sticky 1 in the lowest when any bit below them is set, hold
// everything round-to-nearest-even needs (a double keeps 53): one conversion rounds correctly.
double UInt256::to_double() const {
  const std::array<std::uint64_t, 4> l = limbs(*this);
  int top = 3;
  while (top > 0 && l[static_cast<std::size_t>(top)] == 0) --top;
  const std::uint64_t top_limb = l[static_cast<std::size_t>(top)];
  if (top == 0) return static_cast<double>(top_limb);
  const int lead = std::countl_zero(top_limb);
  const std::uint64_t next = l[static_cast<std::size_t>(top - 1)];
  std::uint64_t bits = lead == 0 ? top_limb : top_limb << lead | next >> (kLimbBits - lead);
  bool sticky = (next << lead) != 0;
  for (int i = 0; i < top - 1; ++i) sticky = sticky || l[static_cast<std::size_t>(i)] != 0;
  if (sticky) bits |= 1;
  return std::ldexp(static_cast<double>(bits), kLimbBits * top - lead);
}

}  // namespace fsvc
