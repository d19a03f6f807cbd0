#include "adapters/gateway/level_scanner.hpp"

#include <cstddef>
#include <cstdint>

#include "core/types/decimal.hpp"

namespace fsvc::gateway::detail {

namespace {

// 10^10 - 1 units of 10^8 stay far below the int64 limit (about 9.2 * 10^18).
constexpr std::ptrdiff_t kPlainIntegerDigits = 10;

bool is_digit(char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}

std::uint64_t digit(char c) {
  return static_cast<std::uint64_t>(c - '0');
}

// A cursor over the list text; every step either matches exactly or reports false. Plain pointers
// and no per-character bounds beyond `end`: this loop runs for every level of every book.
struct Cursor {
  const char* pos;
  const char* end;

  // Gateway JSON has no space inside a level list but one after each comma; the loop stays short.
  void skip_space() {
    while (pos != end && (*pos == ' ' || *pos == '\n' || *pos == '\r' || *pos == '\t')) ++pos;
  }

  bool take(char c) {
    skip_space();
    if (pos == end || *pos != c) return false;
    ++pos;
    return true;
  }

  // A quoted decimal parsed as a non-negative fixed-point value. An escape needs no check of its
  // own: a backslash is not a decimal digit, so parse_fixed refuses it and the generic path runs.
  bool take_fixed(std::int64_t& units) {
    if (!take('"')) return false;
    if (take_plain_fixed(units)) return true;
    const char* begin = pos;
    while (pos != end && *pos != '"') ++pos;
    if (pos == end) return false;
    const std::string_view digits(begin, static_cast<std::size_t>(pos - begin));
    ++pos;
    return parse_fixed(digits, units) == DecimalError::ok;
  }

  // The usual text, 1 to kPlainIntegerDigits digits and optionally a '.' and 1 to kFixedDecimals
  // digits, then the closing quote, parsed in the one pass that finds the quote. False, with the
  // position unchanged, for anything else, which parse_fixed then decides. What it accepts,
  // parse_fixed accepts with the same value: the integer part cannot leave the range.
  bool take_plain_fixed(std::int64_t& units) {
    const char* p = pos;
    std::uint64_t integer = 0;
    const char* const int_begin = p;
    while (p != end && is_digit(*p) && p - int_begin < kPlainIntegerDigits)
      integer = integer * 10 + digit(*p++);
    if (p == int_begin) return false;
    std::uint64_t fraction = 0;
    std::ptrdiff_t decimals = 0;
    if (p != end && *p == '.') {
      const char* const frac_begin = ++p;
      while (p != end && is_digit(*p) && p - frac_begin < kFixedDecimals)
        fraction = fraction * 10 + digit(*p++);
      decimals = p - frac_begin;
      if (decimals == 0) return false;
    }
    if (p == end || *p != '"') return false;
    for (; decimals < kFixedDecimals; ++decimals) fraction *= 10;  // to units of 10^-8
    units = static_cast<std::int64_t>(integer * kFixedScale + fraction);
    pos = p + 1;
    return true;
  }

  bool take_level(BookLevel& level) {
    return take('[') && take_fixed(level.price) && take(',') && take_fixed(level.size) && take(']');
  }

  bool take_list(std::vector<BookLevel>& levels) {
    if (!take('[')) return false;
    if (take(']')) return true;
    do {
      BookLevel level;
      if (!take_level(level)) return false;
      levels.push_back(level);
    } while (take(','));
    return take(']');
  }
};

// Where the list starting at `begin` ends, or nullptr. The cursor is local here, so that its
// position can live in a register.
const char* scan_list(const char* begin, const char* end, std::vector<BookLevel>& levels) {
  Cursor cursor{begin, end};
  if (!cursor.take_list(levels)) return nullptr;
  return cursor.pos;
}

}  // namespace

bool scan_levels(std::string_view json, std::vector<BookLevel>& levels) {
  Cursor rest{scan_list(json.data(), json.data() + json.size(), levels), json.data() + json.size()};
  if (rest.pos == nullptr) return false;
  rest.skip_space();
  return rest.pos == rest.end;
}

std::size_t scan_levels_prefix(std::string_view json, std::vector<BookLevel>& levels) {
  const char* end = scan_list(json.data(), json.data() + json.size(), levels);
  return end == nullptr ? 0 : static_cast<std::size_t>(end - json.data());
}

}  // namespace fsvc::gateway::detail
