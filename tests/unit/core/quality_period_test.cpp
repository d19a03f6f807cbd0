// The one validation of a quality report's request (CLI and API): symbol, default period, order,
// retention.
#include "core/quality/quality_period.hpp"

#include <gtest/gtest.h>

namespace fsvc {
namespace {

constexpr Timestamp kNow = 1'786'320'000'000'000;  // 2026-08-10T00:00:00Z
constexpr Duration kRetention = 90 * kMicrosPerDay;

TEST(QualityPeriod, DefaultsToTheLastDayBeforeNow) {
  const QualityPeriod p = check_quality_period("BTCUSDT", std::nullopt, std::nullopt, kNow, kRetention);
  EXPECT_EQ(p.symbol.view(), "BTCUSDT");
  EXPECT_EQ(p.to, kNow);
  EXPECT_EQ(p.from, kNow - kMicrosPerDay);
  const QualityPeriod only_to =
      check_quality_period("BTCUSDT", std::nullopt, kNow - kMicrosPerHour, kNow, kRetention);
  EXPECT_EQ(only_to.from, kNow - kMicrosPerHour - kMicrosPerDay);
}

TEST(QualityPeriod, RefusesAMalformedSymbolAReversedPeriodAndOneLongerThanTheRetention) {
  EXPECT_THROW(check_quality_period("btcusdt", std::nullopt, std::nullopt, kNow, kRetention),
               QualityPeriodError);
  EXPECT_THROW(check_quality_period("", std::nullopt, std::nullopt, kNow, kRetention), QualityPeriodError);
  EXPECT_THROW(check_quality_period("ABCDEFGHIJKLMNOPQRSTU", std::nullopt, std::nullopt, kNow, kRetention),
               QualityPeriodError);
  EXPECT_THROW(check_quality_period("BTCUSDT", kNow, kNow, kNow, kRetention), QualityPeriodError);
  EXPECT_THROW(check_quality_period("BTCUSDT", kNow, kNow - 1, kNow, kRetention), QualityPeriodError);
  try {
    (void)check_quality_period("BTCUSDT", kNow - kRetention - 1, kNow, kNow, kRetention);
    FAIL() << "a period one microsecond longer than the retention was accepted";
  } catch (const QualityPeriodError& e) {
    EXPECT_NE(std::string(e.what()).find("longer than the raw retention of 90d"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(check_quality_period("BTCUSDT", kNow - kRetention, kNow, kNow, kRetention).from,
            kNow - kRetention);
}

// No data can exist yet, and the days up to a far `from` would be walked one by one.
TEST(QualityPeriod, RefusesAPeriodStartingAtOrAfterNow) {
  constexpr Timestamp kIn9999 = 253'402'214'400'000'000;  // 9999-12-31T00:00:00Z
  try {
    (void)check_quality_period("BTCUSDT", kIn9999, kIn9999 + kMicrosPerHour, kNow, kRetention);
    FAIL() << "a period in 9999 was accepted";
  } catch (const QualityPeriodError& e) {
    EXPECT_NE(std::string(e.what()).find("starts at 9999-12-31T00:00:00.000000Z, not before now"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(check_quality_period("BTCUSDT", kNow, kNow + kMicrosPerHour, kNow, kRetention),
               QualityPeriodError);
  // Ending after now is allowed: the minutes not yet received count as without data.
  EXPECT_EQ(check_quality_period("BTCUSDT", kNow - 1, kNow + kMicrosPerHour, kNow, kRetention).from,
            kNow - 1);
}

// Retention 0 keeps every day: a report may then cover up to ten years, not 1970..9999.
TEST(QualityPeriod, WithoutRetentionTheLongestPeriodIsTenYears) {
  EXPECT_EQ(check_quality_period("BTCUSDT", kNow - kLongestQualityPeriod, kNow, kNow, 0).from,
            kNow - kLongestQualityPeriod);
  EXPECT_THROW(check_quality_period("BTCUSDT", 0, 253'402'300'799'999'999, kNow, 0), QualityPeriodError);
}

}  // namespace
}  // namespace fsvc
