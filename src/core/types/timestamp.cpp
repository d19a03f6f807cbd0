#include "core/types/timestamp.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <limits>

namespace fsvc {

namespace {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The value of a decimal digit, or something above 9 for any other character.
constexpr unsigned digit_value(char c) {
  return static_cast<unsigned char>(c - '0');
}

// Reads the two digits at `p` (the caller checked the length); no locale, no allocation (hot path).
[[gnu::always_inline]] inline bool two_digits(const char* p, int& out) {
  const unsigned hi = digit_value(p[0]);
  const unsigned lo = digit_value(p[1]);
  if (hi > 9 || lo > 9) return false;
  out = static_cast<int>(hi * 10 + lo);
  return true;
}

// The proleptic Gregorian date of a day count since 1970-01-01 (years -32767..32767, which
// std::chrono::year holds: about ±1e18 µs around the epoch).
std::chrono::year_month_day civil_date(std::int64_t days_since_epoch) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
}

// Parses the optional ".ffffff" fraction at `pos`, truncating beyond microseconds.
bool parse_fraction(std::string_view s, std::size_t& pos, std::int64_t& micros) {
  micros = 0;
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  const std::size_t begin = pos;
  const char* p = s.data() + pos;
  if (s.size() - pos >= 6) {  // the common case, all six digits present: no loop
    const unsigned d0 = digit_value(p[0]), d1 = digit_value(p[1]), d2 = digit_value(p[2]);
    const unsigned d3 = digit_value(p[3]), d4 = digit_value(p[4]), d5 = digit_value(p[5]);
    if (d0 <= 9 && d1 <= 9 && d2 <= 9 && d3 <= 9 && d4 <= 9 && d5 <= 9) {
      micros = ((((d0 * 10 + d1) * 10 + d2) * 10 + d3) * 10 + d4) * 10 + d5;
      pos += 6;
    }
  }
  if (pos == begin) {
    while (pos < s.size() && pos - begin < 6 && is_digit(s[pos])) micros = micros * 10 + (s[pos++] - '0');
    constexpr std::array<std::int64_t, 7> kScale{1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
    micros *= kScale[pos - begin];
  }
  while (pos < s.size() && is_digit(s[pos])) ++pos;  // beyond microseconds: truncated
  return pos > begin;
}

// Parses "", "Z" or "+HH:MM"/"-HH:MM" at `pos` to the offset to subtract from local time.
bool parse_offset(std::string_view s, std::size_t pos, std::int64_t& offset) {
  offset = 0;
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int hh = 0;
  int mm = 0;
  if (pos + 6 != s.size() || !two_digits(s.data() + pos + 1, hh) || s[pos + 3] != ':' ||
      !two_digits(s.data() + pos + 4, mm) || hh > 23 || mm > 59) {
    return false;
  }
  const std::int64_t magnitude = hh * kMicrosPerHour + mm * kMicrosPerMinute;
  offset = s[pos] == '-' ? -magnitude : magnitude;
  return true;
}

void append_padded(std::string& out, std::int64_t value, int width) {
  std::array<char, 24> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  (void)ec;
  for (auto len = static_cast<int>(end - buf.data()); len < width; ++len) out.push_back('0');
  out.append(buf.data(), end);
}

// "YYYY-MM-DDTHH:MM:SS" of t, plus the microsecond remainder within the second.
std::int64_t append_date_time(std::string& out, Timestamp t) {
  const Timestamp day_start = floor_to(t, kMicrosPerDay);
  const std::chrono::year_month_day date = civil_date(day_start / kMicrosPerDay);
  const std::int64_t in_day = t - day_start;
  append_padded(out, static_cast<int>(date.year()), 4);
  out.push_back('-');
  append_padded(out, static_cast<unsigned>(date.month()), 2);
  out.push_back('-');
  append_padded(out, static_cast<unsigned>(date.day()), 2);
  out.push_back('T');
  append_padded(out, in_day / kMicrosPerHour, 2);
  out.push_back(':');
  append_padded(out, in_day / kMicrosPerMinute % 60, 2);
  out.push_back(':');
  append_padded(out, in_day / kMicrosPerSecond % 60, 2);
  return in_day % kMicrosPerSecond;
}

}  // namespace

std::optional<Timestamp> parse_iso8601(std::string_view s) {
  if (s.size() < 19) return std::nullopt;
  const char* p = s.data();
  int century = 0;
  int year_in_century = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!two_digits(p, century) || !two_digits(p + 2, year_in_century) || p[4] != '-' ||
      !two_digits(p + 5, month) || p[7] != '-' || !two_digits(p + 8, day) || (p[10] != 'T' && p[10] != ' ') ||
      !two_digits(p + 11, hour) || p[13] != ':' || !two_digits(p + 14, minute) || p[16] != ':' ||
      !two_digits(p + 17, second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{century * 100 + year_in_century},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t micros = 0;
  std::int64_t offset = 0;
  if (!parse_fraction(s, pos, micros) || !parse_offset(s, pos, offset)) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  return days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
         second * kMicrosPerSecond + micros - offset;
}

std::string format_iso8601_millis(Timestamp t) {
  std::string out;
  out.reserve(24);
  const std::int64_t sub = append_date_time(out, t);
  out.push_back('.');
  append_padded(out, sub / kMicrosPerMilli, 3);
  out.push_back('Z');
  return out;
}

std::string format_iso8601_micros(Timestamp t) {
  std::string out;
  out.reserve(27);
  const std::int64_t sub = append_date_time(out, t);
  out.push_back('.');
  append_padded(out, sub, 6);
  out.push_back('Z');
  return out;
}

std::string format_utc_date(Timestamp t) {
  std::string out = format_iso8601_millis(t);
  out.resize(out.find('T'));  // a year past 9999 has five digits
  return out;
}

namespace {

struct DurationUnit {
  std::string_view suffix;
  Duration micros;
};

// Largest unit first so format_duration picks the shortest exact form.
constexpr std::array<DurationUnit, 6> kUnits{{{"d", kMicrosPerDay},
                                              {"h", kMicrosPerHour},
                                              {"m", kMicrosPerMinute},
                                              {"s", kMicrosPerSecond},
                                              {"ms", kMicrosPerMilli},
                                              {"us", 1}}};

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits == 0) return std::nullopt;
  std::int64_t count = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, count);
  if (ec != std::errc{} || count <= 0) return std::nullopt;
  const std::string_view suffix = text.substr(digits);
  for (const DurationUnit& unit : kUnits) {
    if (suffix != unit.suffix) continue;
    if (count > std::numeric_limits<std::int64_t>::max() / unit.micros) return std::nullopt;
    return count * unit.micros;
  }
  return std::nullopt;
}

std::string format_duration(Duration d) {
  for (const DurationUnit& unit : kUnits) {
    if (d != 0 && d % unit.micros == 0) {
      return std::to_string(d / unit.micros) + std::string(unit.suffix);
    }
  }
  return std::to_string(d) + "us";
}

}  // namespace fsvc
