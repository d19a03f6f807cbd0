// The raw store's converter writes a day's data-quality rollups as the day closes
// (RawStoreOptions::on_day_closed with write_day_rollups, as `serve` wires it), so even the
// first report of the day reads them: it is answered while every counting slot is taken, and it
// equals the report counted from the raw data.
#include <gtest/gtest.h>

#include "adapters/parquet/live_quality_minutes.hpp"
#include "adapters/parquet/quality_rollups.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "driver/quality_from_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::app {
namespace {

using test::kDay0;

TEST(QualityRollupsOnClose, TheConverterWritesEachClosedDaysRollup) {
  const std::filesystem::path root = test::make_temp_dir("quality-rollups-on-close");
  const Timestamp now = kDay0 + kMicrosPerDay + 2 * kMicrosPerHour;  // day 0 closed, day 1 open
  std::vector<std::string> closed;
  {
    parquet::RawStoreOptions options;
    options.root = root;
    options.clock = std::make_shared<test::ManualClock>(now);
    options.on_day_closed = [&](const std::string& day) {
      closed.push_back(day);
      EXPECT_EQ(write_day_rollups(parquet::RawQualityStore(root), day, {}),
                std::vector<std::string>{"BTCUSDT"});
    };
    parquet::RawStore store(options);
    store.append(test::book("BTCUSDT", kDay0 + 1, 1, 10, true));
    store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "t-0"));
    store.append(test::trade("BTCUSDT", kDay0 + kMicrosPerDay + 3, 3, "t-1"));  // the open day
    store.flush();
  }  // the converter has finished its batch
  ASSERT_EQ(closed, std::vector<std::string>{"2025-01-27"});
  const parquet::QualityRollups rollups(root);
  EXPECT_TRUE(rollups.read("BTCUSDT", "2025-01-27", *rollups.fingerprint("BTCUSDT", "2025-01-27")));
  EXPECT_FALSE(std::filesystem::exists(rollups.file("BTCUSDT", "2025-01-28")));
  // Written already: a second call (a restart closing the same day) counts nothing again.
  EXPECT_TRUE(write_day_rollups(parquet::RawQualityStore(root), "2025-01-27", {}).empty());

  QualityPeriod day0;
  (void)day0.symbol.assign("BTCUSDT");
  day0.from = kDay0;
  day0.to = kDay0 + kMicrosPerDay;
  ConcurrencyLimit limit(1);
  const QualityReport from_rollup = [&] {
    const auto busy = limit.try_take();
    return quality_from_store(parquet::RawQualityStore(root), day0, {}, now, &limit);
  }();
  std::filesystem::remove(rollups.file("BTCUSDT", "2025-01-27"));
  const QualityReport counted = quality_from_store(parquet::RawQualityStore(root), day0, {}, now, &limit);
  EXPECT_EQ(from_rollup.streams, counted.streams);
  EXPECT_EQ(counted.stream(EventType::trade).events, 1u);
}

// `serve` hands the live engine's closed minutes to the store: a day they cover whole is written
// from them as they are (the marker below is no count a replay would make), nothing replayed; a
// day they do not cover (the process started inside it) is replayed as before.
TEST(QualityRollupsOnClose, AWholeLiveDayIsWrittenFromTheLiveCountersWithoutAReplay) {
  const std::filesystem::path root = test::make_temp_dir("quality-rollups-live");
  const auto live_minute = [](Timestamp start, std::uint64_t trades) {
    QualityMinute m;
    (void)m.symbol.assign("BTCUSDT");
    m.start = start;
    m.stream(EventType::trade).events = trades;
    return m;
  };
  parquet::LiveQualityMinutes live;
  live.add({live_minute(kDay0 - kMicrosPerMinute, 1), live_minute(kDay0, 777),
            live_minute(kDay0 + kMicrosPerDay, 1)});
  {
    parquet::RawStoreOptions options;
    options.root = root;
    options.clock = std::make_shared<test::ManualClock>(kDay0 + kMicrosPerDay + 2 * kMicrosPerHour);
    options.on_day_closed = [&](const std::string& day) {
      (void)write_day_rollups(parquet::RawQualityStore(root), day, {}, &live);
    };
    parquet::RawStore store(options);
    store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "t-0"));
    store.append(test::trade("BTCUSDT", kDay0 + kMicrosPerDay + 3, 3, "t-1"));
    store.flush();
  }
  const parquet::QualityRollups rollups(root);
  const auto written = rollups.read("BTCUSDT", "2025-01-27", *rollups.fingerprint("BTCUSDT", "2025-01-27"));
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, std::vector<QualityMinute>{live_minute(kDay0, 777)});

  std::filesystem::remove(rollups.file("BTCUSDT", "2025-01-27"));
  parquet::LiveQualityMinutes started_inside_the_day;
  started_inside_the_day.add({live_minute(kDay0 + kMicrosPerHour, 5), live_minute(kDay0 + kMicrosPerDay, 1)});
  EXPECT_EQ(write_day_rollups(parquet::RawQualityStore(root), "2025-01-27", {}, &started_inside_the_day),
            std::vector<std::string>{"BTCUSDT"});
  const auto replayed = rollups.read("BTCUSDT", "2025-01-27", *rollups.fingerprint("BTCUSDT", "2025-01-27"));
  ASSERT_TRUE(replayed);
  ASSERT_EQ(replayed->size(), 1u);
  EXPECT_EQ((*replayed)[0].stream(EventType::trade).events, 1u);
}

TEST(QualityRollupsOnClose, ADayThatIsNotADayIsRefused) {
  const std::filesystem::path root = test::make_temp_dir("quality-rollups-bad-day");
  EXPECT_THROW((void)write_day_rollups(parquet::RawQualityStore(root), "2025-13-01", {}),
               std::invalid_argument);
  EXPECT_TRUE(write_day_rollups(parquet::RawQualityStore(root), "2025-01-27", {})
                  .empty());  // nothing stored that day
}

}  // namespace
}  // namespace fsvc::app
