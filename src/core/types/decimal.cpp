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
  return static_cast<unsigned char>(c - '0') < 10;
}

// 10^(kFixedDecimals - n): scales a fraction of n digits to units.
constexpr std::uint64_t kFractionScale[kFixedDecimals + 1] = {
    100'000'000, 10'000'000, 1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};

// int64 max is 92233720368.54775807 in units: an integer part of more than 11 significant digits
// is out of range whatever the fraction, and one of at most 11 cannot overflow uint64 once scaled.
constexpr std::size_t kMaxIntegerDigits = 11;

}  // namespace

// One pass over the text (hot path: two calls per book level). Digits accumulate unchecked into
// unsigned integers (wrapping is defined); the range is decided once from the integer part's
// significant digit count and an exact comparison, which accepts exactly the values whose units
// fit in int64, as a per-digit overflow check does.
DecimalError parse_fixed(std::string_view text, std::int64_t& units, bool allow_negative) {
  const char* p = text.data();
  const char* const end = p + text.size();
  if (p == end) return DecimalError::empty;
  const bool negative = *p == '-';
  if (negative) ++p;
  const char* const int_begin = p;
  while (p != end && *p == '0') ++p;  // leading zeros are not significant
  const char* const significant = p;
  std::uint64_t integer = 0;
  while (p != end && is_digit(*p)) integer = integer * 10 + static_cast<unsigned>(*p++ - '0');
  const auto int_significant = static_cast<std::size_t>(p - significant);
  const bool int_digits = p != int_begin;
  std::uint64_t fraction = 0;
  std::size_t frac_digits = 0;
  if (p != end && *p == '.') {
    const char* const frac_begin = ++p;
    while (p != end && is_digit(*p)) fraction = fraction * 10 + static_cast<unsigned>(*p++ - '0');
    frac_digits = static_cast<std::size_t>(p - frac_begin);
  }
  if (p != end || (!int_digits && frac_digits == 0)) return DecimalError::not_a_number;
  if (frac_digits > static_cast<std::size_t>(kFixedDecimals)) return DecimalError::too_many_decimals;
  if (int_significant > kMaxIntegerDigits) return DecimalError::out_of_range;
  const std::uint64_t magnitude =
      integer * static_cast<std::uint64_t>(kFixedScale) + fraction * kFractionScale[frac_digits];
  if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return DecimalError::out_of_range;
  }
  if (negative && magnitude != 0 && !allow_negative) return DecimalError::negative;
  const auto value = static_cast<std::int64_t>(magnitude);
  units = negative ? -value : value;
  return DecimalError::ok;
}

}  // namespace fsvc
