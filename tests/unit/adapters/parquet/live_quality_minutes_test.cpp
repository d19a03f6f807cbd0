// The live engine's closed quality minutes become a day's rollup only when they are the whole day:
// counted since before it began, past its end, and no minute counted twice.
#include "adapters/parquet/live_quality_minutes.hpp"

#include <gtest/gtest.h>

#include "raw_test_events.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

QualityMinute minute(std::string_view symbol, Timestamp start, std::uint64_t trades) {
  QualityMinute m;
  (void)m.symbol.assign(symbol);
  m.start = start;
  m.stream(EventType::trade).events = trades;
  return m;
}

TEST(LiveQualityMinutes, AWholeDayIsTakenOnceAndOnlyItsMinutes) {
  LiveQualityMinutes live;
  live.add({minute("BTCUSDT", kDay0 - kMicrosPerMinute, 1), minute("BTCUSDT", kDay0, 2),
            minute("ETHUSDT", kDay0 + kMicrosPerMinute, 9)});
  live.add({minute("BTCUSDT", kDay0 + kMicrosPerDay - kMicrosPerMinute, 3),
            minute("BTCUSDT", kDay0 + kMicrosPerDay, 4)});
  const auto day = live.take_whole_day("BTCUSDT", kDay0);
  ASSERT_TRUE(day);
  ASSERT_EQ(day->size(), 2u);
  EXPECT_EQ((*day)[0], minute("BTCUSDT", kDay0, 2));
  EXPECT_EQ((*day)[1], minute("BTCUSDT", kDay0 + kMicrosPerDay - kMicrosPerMinute, 3));
  EXPECT_FALSE(live.take_whole_day("BTCUSDT", kDay0));  // taken
  // ETHUSDT began inside the day and has nothing past it: counted from the raw store instead.
  EXPECT_FALSE(live.take_whole_day("ETHUSDT", kDay0));
  EXPECT_FALSE(live.take_whole_day("SOLUSDT", kDay0));
}

TEST(LiveQualityMinutes, ADayWithAMinuteCountedTwiceIsNotWhole) {
  LiveQualityMinutes live;
  live.add({minute("BTCUSDT", kDay0 - kMicrosPerMinute, 1), minute("BTCUSDT", kDay0 + kMicrosPerHour, 2)});
  live.add({minute("BTCUSDT", kDay0 + kMicrosPerHour, 2)});  // a registry switch's warm-up
  live.add({minute("BTCUSDT", kDay0 + kMicrosPerDay, 1)});
  EXPECT_FALSE(live.take_whole_day("BTCUSDT", kDay0));
}

}  // namespace
}  // namespace fsvc::parquet
