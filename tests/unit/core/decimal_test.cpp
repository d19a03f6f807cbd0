#include "core/types/decimal.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

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

TEST(ParseFixed, Int64Boundary) {
  std::int64_t u = 0;
  ASSERT_EQ(parse_fixed("92233720368.54775807", u), DecimalError::ok);
  EXPECT_EQ(u, std::numeric_limits<std::int64_t>::max());
  ASSERT_EQ(parse_fixed("-92233720368.54775807", u, true), DecimalError::ok);
  EXPECT_EQ(u, -std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_fixed("92233720368.54775808", u), DecimalError::out_of_range);
  EXPECT_EQ(parse_fixed("-92233720368.54775808", u, true), DecimalError::out_of_range);
  EXPECT_EQ(parse_fixed("92233720368.6", u), DecimalError::out_of_range);
  EXPECT_EQ(parse_fixed("92233720369", u), DecimalError::out_of_range);
  ASSERT_EQ(parse_fixed("92233720368", u), DecimalError::ok);
  EXPECT_EQ(u, 9'223'372'036'800'000'000);
  ASSERT_EQ(parse_fixed("9999999999", u), DecimalError::ok);
  EXPECT_EQ(u, 999'999'999'900'000'000);
  EXPECT_EQ(parse_fixed("100000000000", u), DecimalError::out_of_range);
  EXPECT_EQ(parse_fixed("184467440737095516160", u), DecimalError::out_of_range);  // 2^64 * 10
  EXPECT_EQ(parse_fixed("18446744073709551616", u), DecimalError::out_of_range);   // 2^64
  EXPECT_EQ(parse_fixed("1" + std::string(40, '0'), u), DecimalError::out_of_range);
  // Range is checked before the sign.
  EXPECT_EQ(parse_fixed("-92233720369", u), DecimalError::out_of_range);
}

TEST(ParseFixed, DecimalCountLimit) {
  std::int64_t u = 0;
  ASSERT_EQ(parse_fixed("0.12345678", u), DecimalError::ok);
  EXPECT_EQ(u, 12'345'678);
  ASSERT_EQ(parse_fixed("1.00000001", u), DecimalError::ok);
  EXPECT_EQ(u, 100'000'001);
  EXPECT_EQ(parse_fixed("0.123456780", u), DecimalError::too_many_decimals);  // even a trailing zero
  EXPECT_EQ(parse_fixed("1.000000000", u), DecimalError::too_many_decimals);
  // Too many decimals is reported before out of range, not a number before both.
  EXPECT_EQ(parse_fixed("99999999999999.123456789", u), DecimalError::too_many_decimals);
  EXPECT_EQ(parse_fixed("0.123456789x", u), DecimalError::not_a_number);
}

TEST(ParseFixed, LeadingZerosAndBareSeparators) {
  std::int64_t u = 0;
  ASSERT_EQ(parse_fixed("007.50", u), DecimalError::ok);
  EXPECT_EQ(u, 750'000'000);
  ASSERT_EQ(parse_fixed(std::string(30, '0') + "92233720368.54775807", u), DecimalError::ok);
  EXPECT_EQ(u, std::numeric_limits<std::int64_t>::max());
  ASSERT_EQ(parse_fixed("1.", u), DecimalError::ok);
  EXPECT_EQ(u, 100'000'000);
  ASSERT_EQ(parse_fixed(".5", u), DecimalError::ok);
  EXPECT_EQ(u, 50'000'000);
  ASSERT_EQ(parse_fixed("-.5", u, true), DecimalError::ok);
  EXPECT_EQ(u, -50'000'000);
  ASSERT_EQ(parse_fixed("0", u), DecimalError::ok);
  EXPECT_EQ(u, 0);
  // A negative zero is zero, allowed even where negatives are not.
  u = 7;
  ASSERT_EQ(parse_fixed("-0.000", u), DecimalError::ok);
  EXPECT_EQ(u, 0);
  EXPECT_EQ(parse_fixed(".", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("-.", u, true), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("+1", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("--1", u, true), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("1 ", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("1\\u0030", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed(std::string_view("1\0", 2), u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("\xb1", u), DecimalError::not_a_number);
  EXPECT_EQ(parse_fixed("-5", u, false), DecimalError::negative);
}

// The per-digit checked parser parse_fixed replaced, kept as the reference for its behaviour.
DecimalError reference_parse_fixed(std::string_view text, std::int64_t& units, bool allow_negative) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto push = [](std::int64_t& acc, char c) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    const std::int64_t d = c - '0';
    if (acc > (kMax - d) / 10) return false;
    acc = acc * 10 + d;
    return true;
  };
  if (text.empty()) return DecimalError::empty;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  const std::size_t int_begin = i;
  while (i < text.size() && digit(text[i])) ++i;
  const std::size_t int_end = i;
  std::size_t frac_begin = i;
  std::size_t frac_end = i;
  if (i < text.size() && text[i] == '.') {
    frac_begin = ++i;
    while (i < text.size() && digit(text[i])) ++i;
    frac_end = i;
  }
  if (i != text.size() || (int_end == int_begin && frac_end == frac_begin)) return DecimalError::not_a_number;
  if (frac_end - frac_begin > static_cast<std::size_t>(kFixedDecimals)) return DecimalError::too_many_decimals;
  std::int64_t acc = 0;
  for (std::size_t k = int_begin; k < int_end; ++k) {
    if (!push(acc, text[k])) return DecimalError::out_of_range;
  }
  for (std::size_t k = 0; k < static_cast<std::size_t>(kFixedDecimals); ++k) {
    if (!push(acc, frac_begin + k < frac_end ? text[frac_begin + k] : '0')) return DecimalError::out_of_range;
  }
  if (negative && acc != 0 && !allow_negative) return DecimalError::negative;
  units = negative ? -acc : acc;
  return DecimalError::ok;
}

TEST(ParseFixed, AgreesWithTheCheckedReferenceOnRandomText) {
  std::mt19937_64 rng(20240611);
  const std::string alphabet = "0123456789999000.-.-+e x";
  const std::string digits = "0123456789";
  std::int64_t checked = 0;
  for (int n = 0; n < 400'000; ++n) {
    std::string text;
    const auto shape = rng() % 4;
    if (shape == 0) {  // anything from a small alphabet
      const auto len = rng() % 24;
      for (std::size_t k = 0; k < len; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
    } else {  // well formed, lengths around the int64 and decimal limits
      if (rng() % 4 == 0) text.push_back('-');
      if (shape == 3) text.append(rng() % 4, '0');
      const auto int_len = rng() % 22;
      for (std::size_t k = 0; k < int_len; ++k) {
        text.push_back(shape == 2 && k < 11 ? "92233720368"[k] : digits[rng() % 10]);
      }
      if (rng() % 3 != 0) {
        text.push_back('.');
        const auto frac_len = rng() % 11;
        for (std::size_t k = 0; k < frac_len; ++k) {
          text.push_back(shape == 2 && k < 8 && rng() % 2 ? "54775807"[k] : digits[rng() % 10]);
        }
      }
    }
    for (const bool allow_negative : {false, true}) {
      std::int64_t expected_units = -1;
      std::int64_t units = -1;
      const DecimalError expected = reference_parse_fixed(text, expected_units, allow_negative);
      ASSERT_EQ(parse_fixed(text, units, allow_negative), expected) << '"' << text << '"';
      ASSERT_EQ(units, expected_units) << '"' << text << '"';
      if (expected == DecimalError::ok) ++checked;
    }
  }
  EXPECT_GT(checked, 100'000);
}

// Every string of 4 to 6 characters over digits, '.', '-', the characters either side of the
// digits ('/', ':') and a non-ASCII byte, and random ones of 7 and 8: the lengths that the
// eight-bytes-at-a-time path takes.
TEST(ParseFixed, ShortTextAgreesWithTheReferenceExhaustively) {
  const std::string alphabet = "0159./:-\xc3";
  std::string text;
  const auto check = [&](const std::string& t) {
    for (const bool allow_negative : {false, true}) {
      std::int64_t expected_units = -1;
      std::int64_t units = -1;
      const DecimalError expected = reference_parse_fixed(t, expected_units, allow_negative);
      ASSERT_EQ(parse_fixed(t, units, allow_negative), expected) << '"' << t << '"';
      ASSERT_EQ(units, expected_units) << '"' << t << '"';
    }
  };
  for (std::size_t len = 4; len <= 6; ++len) {
    std::vector<std::size_t> index(len, 0);
    while (true) {
      text.clear();
      for (std::size_t i : index) text.push_back(alphabet[i]);
      check(text);
      std::size_t k = 0;
      while (k < len && ++index[k] == alphabet.size()) index[k++] = 0;
      if (k == len) break;
    }
  }
  std::mt19937_64 rng(99);
  const std::string mostly_digits = "01234567890123456789..-/:";
  for (int n = 0; n < 200'000; ++n) {
    text.assign(7 + rng() % 2, '0');
    for (char& c : text) c = mostly_digits[rng() % mostly_digits.size()];
    check(text);
  }
}

}  // namespace
}  // namespace fsvc
