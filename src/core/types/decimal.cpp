#include "core/types/decimal.hpp"

#include <bit>
#include <cstring>
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

std::uint64_t load32(const char* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// The common book text, 4 to 8 characters of digits with at most one '.', parsed eight bytes at a
// time (first character in the lowest byte). Returns false, leaving `units` alone, for anything
// else (a sign, any other character, a second '.', other lengths): the general parser decides
// those. What it accepts, the general parser accepts with the same value: at most 8 digits in all
// cannot leave the range and at most 7 follow the '.'.
bool parse_short_unsigned(const char* p, std::size_t n, std::int64_t& units) {
  if (n < 4 || n > 8) return false;
  // Two overlapping 4-byte loads cover the n bytes; the bytes above them are zero.
  const std::uint64_t text = load32(p) | (load32(p + n - 4) << (8 * (n - 4)));
  const std::uint64_t valid = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  const std::uint64_t values = text ^ (kOnes * '0');  // a digit's byte becomes its value 0..9
  // High bit of each byte whose value is not 0..9 (no carry crosses a byte: 0x7f + 0x76 < 0x100).
  const std::uint64_t non_digit = ((((values & (kOnes * 0x7f)) + kOnes * 0x76) | values) & (kOnes * 0x80)) & valid;
  std::uint64_t digits = values & valid;
  std::size_t count = n;
  std::size_t frac_digits = 0;
  if (non_digit != 0) {
    const auto dot = static_cast<std::size_t>(std::countr_zero(non_digit)) / 8;
    if (p[dot] != '.' || (non_digit & (non_digit - 1)) != 0) return false;  // not a '.', or a second one
    const std::uint64_t below = digits & ((std::uint64_t{1} << (8 * dot)) - 1);  // dot <= 7
    const std::uint64_t above = dot + 1 == 8 ? 0 : (digits >> (8 * (dot + 1))) << (8 * dot);
    digits = below | above;
    count = n - 1;
    frac_digits = n - 1 - dot;
  }
  // Right-align the count digits (leading zero bytes are leading zeros), then combine pairwise.
  digits <<= 8 * (8 - count);  // count >= 3
  digits = (digits * 10 + (digits >> 8)) & 0x00ff00ff00ff00ff;
  digits = (digits * 100 + (digits >> 16)) & 0x0000ffff0000ffff;
  digits = (digits * 10000 + (digits >> 32)) & 0x00000000ffffffff;
  units = static_cast<std::int64_t>(digits * kFractionScale[frac_digits]);
  return true;
}

}  // namespace

// One pass over the text (hot path: two calls per book level). Digits accumulate unchecked into
// unsigned integers (wrapping is defined); the range is decided once from the integer part's
// significant digit count and an exact comparison, which accepts exactly the values whose units
// fit in int64, as a per-digit overflow check does.
DecimalError parse_fixed(std::string_view text, std::int64_t& units, bool allow_negative) {
  const char* p = text.data();
  const char* const end = p + text.size();
  if (p == end) return DecimalError::empty;
  if (parse_short_unsigned(p, text.size(), units)) return DecimalError::ok;
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
