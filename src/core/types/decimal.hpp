#pragma once

#include <cstdint>
#include <string_view>

namespace fsvc {

// Prices and sizes are exact fixed-point decimals with 8 fractional digits, parsed once from the
// exchange's decimal strings. Exact integers make every window sum independent of the order in
// which events were added or evicted, so live and offline vectors agree bit for bit.
inline constexpr int kFixedDecimals = 8;
inline constexpr std::int64_t kFixedScale = 100'000'000;

enum class DecimalError : std::uint8_t {
  ok,
  empty,
  not_a_number,       // anything but [-]digits[.digits]
  negative,           // a sign where only non-negative values are allowed
  too_many_decimals,  // more than kFixedDecimals fractional digits: refused, never rounded
  out_of_range,       // does not fit in int64 units
};

std::string_view to_string(DecimalError e);

// Parses "65114.30" into 6511430000000 units. `allow_negative` is false for prices and sizes.
DecimalError parse_fixed(std::string_view text, std::int64_t& units, bool allow_negative = false);

// Correctly rounded: units and kFixedScale are exact doubles below 2^53, and IEEE division rounds once.
constexpr double fixed_to_double(std::int64_t units) {
  return static_cast<double>(units) / static_cast<double>(kFixedScale);
}

}  // namespace fsvc
