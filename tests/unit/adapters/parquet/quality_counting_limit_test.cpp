// quality_from_store under a counting limit: a report that must be counted from the raw data while
// the limit's slots are taken is refused with QualityBusy (GET /data-quality/report's 503 BUSY), a
// report read wholly from minute rollups is answered whatever runs, and a finished (or failed)
// counting gives its slot back.
#include <gtest/gtest.h>

#include "adapters/parquet/quality_rollups.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "driver/quality_from_store.hpp"
#include "ports/quality_reports.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::app {
namespace {

using test::kDay0;

constexpr Timestamp kNow = kDay0 + 30 * kMicrosPerDay;  // both stored days closed long ago

// Two days of BTCUSDT, a book snapshot and a trade each.
std::filesystem::path store_with_two_days(const std::string& name) {
  const std::filesystem::path root = test::make_temp_dir(name);
  parquet::RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kNow);
  parquet::RawStore store(options);
  for (int day = 0; day < 2; ++day) {
    const Timestamp start = kDay0 + day * kMicrosPerDay;
    const auto seq = static_cast<std::uint64_t>(2 * day);
    store.append(test::book("BTCUSDT", start + 1, seq + 1, 10 + day, true));
    store.append(test::trade("BTCUSDT", start + 2, seq + 2, "t-" + std::to_string(day)));
  }
  store.flush();
  return root;
}

QualityPeriod day_period(int day) {
  QualityPeriod p;
  (void)p.symbol.assign("BTCUSDT");
  p.from = kDay0 + day * kMicrosPerDay;
  p.to = p.from + kMicrosPerDay;
  return p;
}

TEST(QualityCountingLimit, ASecondCountingIsBusyWhileARollupBackedReportIsAnswered) {
  const auto root = store_with_two_days("quality-counting-busy");
  ConcurrencyLimit limit(1);
  // Day 0 counted once (the slot free): its rollup is written, so it is rollup-backed from now on.
  const QualityReport first =
      quality_from_store(parquet::RawQualityStore(root), day_period(0), {}, kNow, &limit);
  const parquet::QualityRollups rollups(root);
  ASSERT_TRUE(rollups.read("BTCUSDT", "2025-01-27", *rollups.fingerprint("BTCUSDT", "2025-01-27")));

  // A first computation in flight holds the only slot.
  auto in_flight = limit.try_take();
  ASSERT_TRUE(in_flight);
  try {
    (void)quality_from_store(parquet::RawQualityStore(root), day_period(1), {}, kNow, &limit);
    FAIL() << "a second counting from raw data ran beside the first";
  } catch (const QualityBusy& busy) {
    EXPECT_EQ(busy.retry_after_seconds(), kQualityBusyRetryAfterSeconds);
    EXPECT_NE(std::string(busy.what()).find("BTCUSDT on 2025-01-28"), std::string::npos) << busy.what();
  }
  EXPECT_FALSE(rollups.read("BTCUSDT", "2025-01-28", *rollups.fingerprint("BTCUSDT", "2025-01-28")))
      << "a refused report counted nothing";
  const QualityReport from_rollup =
      quality_from_store(parquet::RawQualityStore(root), day_period(0), {}, kNow, &limit);
  EXPECT_EQ(from_rollup.streams, first.streams);
  EXPECT_EQ(from_rollup.streams[static_cast<std::size_t>(EventType::trade)].events, 1u);

  // The first computation ends: the refused one now runs, and gives its slot back in turn.
  in_flight.reset();
  (void)quality_from_store(parquet::RawQualityStore(root), day_period(1), {}, kNow, &limit);
  EXPECT_TRUE(limit.try_take()) << "the counting kept its slot";
}

TEST(QualityCountingLimit, TheOpenDayIsCountedAndSoLimited) {
  const auto root = store_with_two_days("quality-counting-open-day");
  ConcurrencyLimit limit(1);
  const auto in_flight = limit.try_take();
  const Timestamp during_day1 = kDay0 + kMicrosPerDay + kMicrosPerHour;
  EXPECT_THROW(
      (void)quality_from_store(parquet::RawQualityStore(root), day_period(1), {}, during_day1, &limit),
      QualityBusy);
  // Without a limit (the CLI) nothing is refused.
  EXPECT_NO_THROW((void)quality_from_store(parquet::RawQualityStore(root), day_period(1), {}, during_day1));
}

}  // namespace
}  // namespace fsvc::app
