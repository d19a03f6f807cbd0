#include "adapters/gateway/level_scanner.hpp"

#include <cstdint>

#include "adapters/gateway/text_scan.hpp"
#include "core/types/decimal.hpp"

namespace fsvc::gateway::detail {

namespace {

// A cursor over the list text; every step either matches exactly or reports false. Plain pointers
// and no per-character bounds beyond `end`: this loop runs for every level of every book.
struct Cursor {
  const char* pos;
  const char* end;

  // Gateway JSON has no space inside a level list but one after each comma; the loop stays short.
  void skip_space() { pos = skip_json_space(pos, end); }

  bool take(char c) {
    skip_space();
    if (pos == end || *pos != c) return false;
    ++pos;
    return true;
  }

  // A quoted decimal parsed as a non-negative fixed-point value. Its text ends at the first byte that
  // is not plain: an escape or any other byte that no decimal holds leaves the list to the generic path.
  bool take_fixed(std::int64_t& units) {
    if (!take('"')) return false;
    const char* begin = pos;
    pos = skip_plain(pos, end);
    if (pos == end || *pos != '"') return false;
    const std::string_view digits(begin, static_cast<std::size_t>(pos - begin));
    ++pos;
    return parse_fixed(digits, units) == DecimalError::ok;
  }

  bool take_level(BookLevel& level) {
    return take('[') && take_fixed(level.price) && take(',') && take_fixed(level.size) && take(']');
  }
};

// Where the list starting at `begin` ends, or nullptr. The cursor is a local of this one function
// (no member function takes its address), so that its position lives in a register rather than
// being stored and reloaded around every character.
const char* scan_list(const char* begin, const char* end, std::vector<BookLevel>& levels) {
  Cursor cursor{begin, end};
  if (!cursor.take('[')) return nullptr;
  if (cursor.take(']')) return cursor.pos;
  do {
    BookLevel level;
    if (!cursor.take_level(level)) return nullptr;
    levels.push_back(level);
  } while (cursor.take(','));
  return cursor.take(']') ? cursor.pos : nullptr;
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
