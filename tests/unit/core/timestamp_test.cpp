#include "core/types/timestamp.hpp"

#include <gtest/gtest.h>

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
