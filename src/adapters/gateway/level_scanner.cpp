#include "adapters/gateway/level_scanner.hpp"

#include <cstdint>

#include "core/types/decimal.hpp"

namespace fsvc::gateway::detail {

namespace {

// A cursor over the list text; every step either matches exactly or reports false.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  bool take(char c) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }

  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

  // A quoted decimal without escapes, parsed as a non-negative fixed-point value.
  bool take_fixed(std::int64_t& units) {
    if (!take('"')) return false;
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\') ++pos_;
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    const std::string_view digits = text_.substr(begin, pos_ - begin);
    ++pos_;
    return parse_fixed(digits, units) == DecimalError::ok;
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

  std::string_view text_;
  std::size_t pos_ = 0;
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
