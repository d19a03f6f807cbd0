#include "core/types/decimal.hpp"

#include <gtest/gtest.h>

namespace fsvc {
namespace {

TEST(ParseFixed, AcceptsExchangeDecimals) {
  std::int64_t u = 0;
  ASSERT_EQ(parse_fixed("65114.30", u), DecimalError::ok);
  EXPECT_EQ(u, 6'511'430'000'000);
  ASSERT_EQ(parse_fixed("0.004", u), DecimalError::ok);
  EXPECT_EQ(u, 400'000);
  ASSERT_EQ(parse_fixed("-0.0001", u, true), DecimalError::ok);
  EXPECT_EQ(u, -10'000);
  ASSERT_EQ(parse_fixed("12", u), DecimalError::ok);
  EXPECT_EQ(u, 1'200'000'000);
}

TEST(ParseFixed, RejectsBadInput) {
  std::int64_t u = 7;
  EXPECT_EQ(parse_fixed("", u), DecimalError::empty);
  EXPECT_EQ(parse_fixed("abc", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("1e5", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("1.2.3", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed(" 1", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("-", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("-1", u), DecimalError::negative);
  EXPECT_EQ(parse_fixed("0.123456789", u), DecimalError::too_many_decimals);
  EXPECT_EQ(parse_fixed("99999999999", u), DecimalError::out_of_range);
  EXPECT_EQ(u, 7);
}

}  // namespace
}  // namespace fsvc
