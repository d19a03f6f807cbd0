#include "core/types/decimal.hpp"

#include <limits>

namespace fsvc {

std::string_view to_string(DecimalError e) {
  switch (e) {
    case DecimalError::ok:
      return "ok";
    case DecimalError::empty:
      return "empty";
    case DecimalError::not_a_number:
      return "not_a_number";
    case DecimalError::negative:
      return "negative";
    case DecimalError::too_many_decimals:
      return "too_many_decimals";
    case DecimalError::out_of_range:
      return "out_of_range";
  }
  return "unknown";
}

namespace {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Accumulates digits into `acc`, failing instead of wrapping on overflow.
bool push_digit(std::int64_t& acc, char c) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::int64_t d = c - '0';
  if (acc > (kMax - d) / 10) return false;
  acc = acc * 10 + d;
  return true;
}

}  // namespace

DecimalError parse_fixed(std::string_view text, std::int64_t& units, bool allow_negative) {
  if (text.empty()) return DecimalError::empty;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  const std::size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::size_t int_end = i;
  std::size_t frac_begin = i;
  std::size_t frac_end = i;
  if (i < text.size() && text[i] == '.') {
    frac_begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    frac_end = i;
  }
  const bool no_digits = int_end == int_begin && frac_end == frac_begin;
  if (i != text.size() || no_digits) return DecimalError::not_a_number;
  if (frac_end - frac_begin > static_cast<std::size_t>(kFixedDecimals)) {
    return DecimalError::too_many_decimals;
  }
  std::int64_t acc = 0;
  for (std::size_t k = int_begin; k < int_end; ++k) {
    if (!push_digit(acc, text[k])) return DecimalError::out_of_range;
  }
  for (std::size_t k = 0; k < static_cast<std::size_t>(kFixedDecimals); ++k) {
    const char c = frac_begin + k < frac_end ? text[frac_begin + k] : '0';
    if (!push_digit(acc, c)) return DecimalError::out_of_range;
  }
  if (negative && acc != 0 && !allow_negative) return DecimalError::negative;
  units = negative ? -acc : acc;
  return DecimalError::ok;
}

}  // namespace fsvc
