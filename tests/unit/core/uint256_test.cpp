#include "core/types/uint256.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace fsvc {
namespace {

constexpr UInt128 kAllOnes = ~UInt128{0};

UInt128 bit(int n) {
  return UInt128{1} << n;
}

TEST(UInt256, ProductOfTheLargest128BitValues) {
  // (2^128 - 1)^2 = 2^256 - 2^129 + 1
  const UInt256 p = UInt256::product(kAllOnes, kAllOnes);
  EXPECT_TRUE(p.low == 1);
  EXPECT_TRUE(p.high == kAllOnes - 1);
  EXPECT_TRUE((UInt256::product(bit(127), 2) == UInt256{0, 1}));
}

TEST(UInt256, AdditionAndSubtractionCarryAndWrap) {
  const UInt256 one{1, 0};
  EXPECT_TRUE((UInt256{kAllOnes, 0} + one == UInt256{0, 1}));
  EXPECT_TRUE((UInt256{0, 1} - one == UInt256{kAllOnes, 0}));
  EXPECT_TRUE((UInt256{} - one == UInt256{kAllOnes, kAllOnes}));  // modulo 2^256
  EXPECT_TRUE((UInt256{kAllOnes, kAllOnes} + one == UInt256{}));
}

TEST(UInt256, TimesASmallFactorAgreesWithRepeatedAddition) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100; ++i) {
    const UInt256 v{static_cast<UInt128>(rng()) << 64 | rng(), static_cast<UInt128>(rng()) << 64 | rng()};
    UInt256 sum;
    const std::uint64_t m = rng() % 50;
    for (std::uint64_t k = 0; k < m; ++k) sum = sum + v;
    EXPECT_TRUE(v.times(m) == sum) << i;
  }
}

TEST(UInt256, ToDoubleRoundsToNearestEvenAtEveryLimb) {
  EXPECT_EQ(UInt256{}.to_double(), 0.0);
  EXPECT_EQ((UInt256{12345, 0}.to_double()), 12345.0);
  for (const int shift : {0, 40, 64, 100, 128, 150, 190}) {
    // 2^(shift+64) + 2^(shift+11): exactly half an ulp above a power of two: rounds down (even).
    const UInt256 tie{bit(64) + bit(11), 0};
    const auto shifted = [&](const UInt256& v) {
      UInt256 out = v;
      for (int i = 0; i < shift; ++i) out = out + out;
      return out;
    };
    EXPECT_EQ(shifted(tie).to_double(), std::ldexp(1.0, 64 + shift)) << shift;
    // One more unit below the half: rounds up, however far below it is.
    EXPECT_EQ(shifted(tie + UInt256{1, 0}).to_double(),
              std::ldexp(1.0, 64 + shift) + std::ldexp(1.0, 12 + shift))
        << shift;
  }
  EXPECT_EQ((UInt256{kAllOnes, kAllOnes}.to_double()), std::ldexp(1.0, 256));
}

}  // namespace
}  // namespace fsvc
