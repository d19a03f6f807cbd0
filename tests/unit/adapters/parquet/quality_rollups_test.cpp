// The data-quality minute rollups beside the raw data: every counter and detail list survives the
// Parquet round trip, and a rollup counted from other raw files (or another rejected/ file) than the
// day now holds is not used.
#include "adapters/parquet/quality_rollups.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

QualityMinute busy_minute(Timestamp start) {
  QualityMinute m;
  (void)m.symbol.assign("BTCUSDT");
  m.start = start;
  for (int x = 0; x < kEventTypeCount; ++x) {
    StreamMinute& s = m.streams[static_cast<std::size_t>(x)];
    s.seconds_with_events = 0x0fffffffffffffffull >> x;
    s.events = 1000u + static_cast<std::uint64_t>(x);
    s.anomalous_events = 3;
    s.anomalies[static_cast<std::size_t>(x)] = 2;
    s.anomalies[7] = 1;
    s.expected_seconds = 60;
    s.missing_seconds = 4u + static_cast<std::uint64_t>(x);
    s.stale_seconds = 1;
    s.late_events = 7;
    s.max_lateness = 1'234'567;
  }
  m.stream(EventType::orderbook).sequence_gaps = 1;
  m.stream(EventType::orderbook).desynchronizations = 1;
  m.gaps.push_back({start + 5, 100, 103});
  m.desyncs.push_back({start + 5, DesyncCause::crossed_book});
  m.resyncs.push_back({start - 70'000'000, start + 9});
  m.add_rejected(EventType::trade, "bad_number", 4);
  m.add_rejected(EventType::ticker, "unknown \"topic\", quoted", 1);
  return m;
}

fs::path store_with_one_day(const std::string& name) {
  const fs::path root = test::make_temp_dir(name);
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0 + 30 * kMicrosPerDay);
  RawStore store(options);
  store.append(test::book("BTCUSDT", kDay0 + 1, 1, 10, true));
  store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "t-1"));
  store.flush();
  return root;
}

TEST(QualityRollups, EveryCounterAndDetailSurvivesTheRoundTrip) {
  const fs::path root = store_with_one_day("rollups-round-trip");
  const QualityRollups rollups(root);
  const std::string day = utc_day(kDay0);
  const auto fingerprint = rollups.fingerprint("BTCUSDT", day);
  ASSERT_TRUE(fingerprint);
  EXPECT_FALSE(rollups.fingerprint("ETHUSDT", day));
  EXPECT_FALSE(rollups.read("BTCUSDT", day, *fingerprint));  // never written
  const std::vector<QualityMinute> minutes{busy_minute(kDay0), busy_minute(kDay0 + kMicrosPerMinute),
                                           busy_minute(kDay0 + 1439 * kMicrosPerMinute)};
  rollups.write("BTCUSDT", day, *fingerprint, minutes);
  EXPECT_TRUE(fs::exists(root / "quality" / "BTCUSDT" / (day + ".parquet")));
  const auto back = rollups.read("BTCUSDT", day, *fingerprint);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, minutes);
}

TEST(QualityRollups, ARollupOfOtherRawFilesIsNotUsed) {
  const fs::path root = store_with_one_day("rollups-stale");
  const QualityRollups rollups(root);
  const std::string day = utc_day(kDay0);
  const std::string before = *rollups.fingerprint("BTCUSDT", day);
  const std::vector<QualityMinute> minutes{busy_minute(kDay0)};
  rollups.write("BTCUSDT", day, before, minutes);
  {
    RawStoreOptions options;
    options.root = root;
    options.clock = std::make_shared<test::ManualClock>(kDay0 + 30 * kMicrosPerDay);
    RawStore store(options);
    store.append(test::trade("BTCUSDT", kDay0 + 3 * kMicrosPerHour, 3, "t-2"));  // imported later
    store.flush();
  }
  const std::string after = *rollups.fingerprint("BTCUSDT", day);
  EXPECT_NE(after, before);
  EXPECT_FALSE(rollups.read("BTCUSDT", day, after));
  EXPECT_TRUE(rollups.read("BTCUSDT", day, before));
}

// A refusal kept in rejected/ after the day's rollup was written (the report adds rejected/ to the
// day's minutes) makes the rollup stale, so the next report counts it.
TEST(QualityRollups, ARejectionKeptAfterTheRollupMakesItStale) {
  const fs::path root = store_with_one_day("rollups-stale-rejected");
  const QualityRollups rollups(root);
  const std::string day = utc_day(kDay0);
  const std::string before = *rollups.fingerprint("BTCUSDT", day);
  rollups.write("BTCUSDT", day, before, std::vector<QualityMinute>{busy_minute(kDay0)});
  RejectedInput refused;
  refused.symbol = "BTCUSDT";
  refused.stream = EventType::trade;
  refused.counted = true;
  refused.minute = kDay0 + 5 * kMicrosPerHour;
  refused.reason = "bad_number";
  {
    RejectedStore rejected(root);
    rejected.record(refused);
    rejected.flush();
  }
  const std::string after_one = *rollups.fingerprint("BTCUSDT", day);
  EXPECT_NE(after_one, before);
  EXPECT_FALSE(rollups.read("BTCUSDT", day, after_one));
  {
    RejectedStore rejected(root);
    rejected.record(refused);
    rejected.flush();
  }
  EXPECT_NE(*rollups.fingerprint("BTCUSDT", day), after_one);
}

TEST(QualityRollups, ADamagedRollupIsACacheMissNotAnError) {
  const fs::path root = store_with_one_day("rollups-damaged");
  const QualityRollups rollups(root);
  const std::string day = utc_day(kDay0);
  fs::create_directories(rollups.file("BTCUSDT", day).parent_path());
  std::ofstream(rollups.file("BTCUSDT", day)) << "not parquet";
  EXPECT_FALSE(rollups.read("BTCUSDT", day, *rollups.fingerprint("BTCUSDT", day)));
}

}  // namespace
}  // namespace fsvc::parquet
