#include "core/types/timestamp.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace fsvc {
namespace {

// 2025-01-27T10:00:00Z = 20115 days * 86400 s + 36000 s.
constexpr Timestamp kTenOClock = (20115LL * 86400 + 36000) * kMicrosPerSecond;

TEST(ParseIso8601, BothGatewayForms) {
  EXPECT_EQ(parse_iso8601("2025-01-27T10:00:00"), kTenOClock);
  EXPECT_EQ(parse_iso8601("2025-01-27T10:00:00.978000"), kTenOClock + 978'000);
  EXPECT_EQ(parse_iso8601("2025-01-27 10:00:00.5Z"), kTenOClock + 500'000);
  EXPECT_EQ(parse_iso8601("2025-01-27T12:00:00+02:00"), kTenOClock);
  EXPECT_EQ(parse_iso8601("2025-01-27T10:00:00.1234569"), kTenOClock + 123'456);
}

TEST(ParseIso8601, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("2025-02-29T00:00:00"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T24:00:00"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:00."));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:00Zx"));
}

// The parser parse_iso8601 replaced (read_digits per field), kept as the reference for its behaviour.
namespace reference {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` digits at `pos`; no locale, no allocation (hot path).
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Parses the optional ".ffffff" fraction at `pos`, truncating beyond microseconds.
bool parse_fraction(std::string_view s, std::size_t& pos, std::int64_t& micros) {
  micros = 0;
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  const std::size_t begin = pos;
  std::int64_t scale = 100'000;
  while (pos < s.size() && is_digit(s[pos])) {
    micros += (s[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
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
  if (!read_digits(s, pos + 1, 2, hh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
      !read_digits(s, pos + 4, 2, mm) || pos + 6 != s.size() || hh > 23 || mm > 59) {
    return false;
  }
  const std::int64_t magnitude = hh * kMicrosPerHour + mm * kMicrosPerMinute;
  offset = s[pos] == '-' ? -magnitude : magnitude;
  return true;
}

std::optional<Timestamp> reference_parse_iso8601(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (s.size() < 19 || !read_digits(s, 0, 4, year) || s[4] != '-' || !read_digits(s, 5, 2, month) ||
      s[7] != '-' || !read_digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ') ||
      !read_digits(s, 11, 2, hour) || s[13] != ':' || !read_digits(s, 14, 2, minute) || s[16] != ':' ||
      !read_digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t micros = 0;
  std::int64_t offset = 0;
  if (!parse_fraction(s, pos, micros) || !parse_offset(s, pos, offset)) return std::nullopt;
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
         second * kMicrosPerSecond + micros - offset;
}

}  // namespace reference

TEST(ParseIso8601, FractionDigitsAndOffsets) {
  EXPECT_EQ(parse_iso8601("2025-01-27T10:00:00.000001"), kTenOClock + 1);
  EXPECT_EQ(parse_iso8601("2025-01-27T10:00:00.9999999999"), kTenOClock + 999'999);
  EXPECT_EQ(parse_iso8601("2025-01-27T10:00:00.12Z"), kTenOClock + 120'000);
  EXPECT_EQ(parse_iso8601("2025-01-27T09:30:00-00:30"), kTenOClock);
  EXPECT_EQ(parse_iso8601("2024-02-29T00:00:00z"), (19782LL * 86400) * kMicrosPerSecond);
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:00+02:0"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:00+24:00"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:00+02:00Z"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:00.Z"));
  EXPECT_FALSE(parse_iso8601("2025-01-27X10:00:00"));
  EXPECT_FALSE(parse_iso8601("2025-00-27T10:00:00"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:60:00"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:60"));
  EXPECT_FALSE(parse_iso8601("2025-01-2710:00:00"));
  EXPECT_FALSE(parse_iso8601("2025-01-27T10:00:0"));
  EXPECT_FALSE(parse_iso8601("+025-01-27T10:00:00"));
}

TEST(ParseIso8601, AgreesWithTheReferenceOnRandomText) {
  std::mt19937_64 rng(8601);
  const std::string good = "2024-02-29T23:59:59.123456789+05:30";
  const std::string noise = "0123456789-:T Zz+.x";
  int accepted = 0;
  for (int n = 0; n < 300'000; ++n) {
    std::string text = good.substr(0, 19 + rng() % (good.size() - 18));
    if (rng() % 3 == 0) text = "2025-01-27T10:00:00" + std::string(rng() % 2 ? "." : "") + std::to_string(rng() % 100000);
    const auto edits = rng() % 4;
    for (std::size_t k = 0; k < edits && !text.empty(); ++k) {
      const auto at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = noise[rng() % noise.size()]; break;
        case 1: text.erase(at, 1); break;
        default: text.insert(at, 1, noise[rng() % noise.size()]); break;
      }
    }
    const auto expected = reference::reference_parse_iso8601(text);
    ASSERT_EQ(parse_iso8601(text), expected) << '"' << text << '"';
    if (expected) ++accepted;
  }
  EXPECT_GT(accepted, 50'000);
}

TEST(FormatIso8601, MillisMicrosAndDate) {
  EXPECT_EQ(format_iso8601_millis(kTenOClock + 1'000'000), "2025-01-27T10:00:01.000Z");
  EXPECT_EQ(format_iso8601_micros(kTenOClock + 123'456), "2025-01-27T10:00:00.123456Z");
  EXPECT_EQ(format_utc_date(kTenOClock), "2025-01-27");
  EXPECT_EQ(format_iso8601_millis(-1'000), "1969-12-31T23:59:59.999Z");
}

TEST(Duration, ParseAndFormat) {
  EXPECT_EQ(parse_duration("100ms"), 100'000);
  EXPECT_EQ(parse_duration("90s"), 90'000'000);
  EXPECT_EQ(parse_duration("2d"), 2 * kMicrosPerDay);
  EXPECT_FALSE(parse_duration("0s"));
  EXPECT_FALSE(parse_duration("5x"));
  EXPECT_FALSE(parse_duration("s"));
  EXPECT_EQ(format_duration(1'000'000), "1s");
  EXPECT_EQ(format_duration(60'000'000), "1m");
  EXPECT_EQ(format_duration(1'500'000), "1500ms");
  EXPECT_EQ(format_duration(90'000'000), "90s");
}

}  // namespace
}  // namespace fsvc
