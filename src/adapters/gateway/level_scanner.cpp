#include "adapters/gateway/level_scanner.hpp"

#include <cstdint>

#include "core/types/decimal.hpp"

namespace fsvc::gateway::detail {

namespace {

// A cursor over the list text; every step either matches exactly or reports false. Plain pointers
// and no per-character bounds beyond `end_`: this loop runs for every level of every book.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : pos_(text.data()), end_(text.data() + text.size()) {}

  bool take(char c) {
    skip_space();
    if (pos_ == end_ || *pos_ != c) return false;
    ++pos_;
    return true;
  }

  bool at_end() {
    skip_space();
    return pos_ == end_;
  }

  // A quoted decimal parsed as a non-negative fixed-point value. An escape needs no check of its
  // own: a backslash is not a decimal digit, so parse_fixed refuses it and the generic path runs.
  bool take_fixed(std::int64_t& units) {
    if (!take('"')) return false;
    const char* begin = pos_;
    while (pos_ != end_ && *pos_ != '"') ++pos_;
    if (pos_ == end_) return false;
    const std::string_view digits(begin, static_cast<std::size_t>(pos_ - begin));
    ++pos_;
    return parse_fixed(digits, units) == DecimalError::ok;
  }

 private:
  // Gateway JSON has no space inside a level list but one after each comma; the loop stays short.
  void skip_space() {
    while (pos_ != end_ && (*pos_ == ' ' || *pos_ == '\n' || *pos_ == '\r' || *pos_ == '\t')) ++pos_;
  }

  const char* pos_;
  const char* end_;
};

bool take_level(Cursor& cursor, BookLevel& level) {
  return cursor.take('[') && cursor.take_fixed(level.price) && cursor.take(',') &&
         cursor.take_fixed(level.size) && cursor.take(']');
}

}  // namespace

bool scan_levels(std::string_view json, std::vector<BookLevel>& levels) {
  Cursor cursor(json);
  if (!cursor.take('[')) return false;
  if (cursor.take(']')) return cursor.at_end();
  do {
    BookLevel level;
    if (!take_level(cursor, level)) return false;
    levels.push_back(level);
  } while (cursor.take(','));
  return cursor.take(']') && cursor.at_end();
}

}  // namespace fsvc::gateway::detail
