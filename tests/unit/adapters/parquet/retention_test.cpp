#include "adapters/parquet/retention.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <utility>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

// One trade on each of three consecutive days (2025-01-27..29).
fs::path store_three_days() {
  const auto root = test::make_temp_dir("raw-retention");
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  RawStore store(options);
  for (std::uint64_t d = 0; d < 3; ++d) {
    store.append(test::trade("BTCUSDT", kDay0 + static_cast<Timestamp>(d) * kMicrosPerDay + 7, d + 1,
                             "t" + std::to_string(d)));
  }
  store.flush();
  return root;
}

std::vector<std::string> trade_days(const fs::path& root) {
  return existing_days(root, RawKind::trade);
}

TEST(Retention, ExpiredDaysAreArchivedThenRestoredOnDemand) {
  const auto root = store_three_days();
  const auto archive = test::make_temp_dir("raw-archive");
  // "Today" is 2025-01-30 12:00: with 2 days kept, 01-29 and 01-30 stay, 01-27 and 01-28 expire.
  const Timestamp now = kDay0 + 3 * kMicrosPerDay + 12 * kMicrosPerHour;
  const auto report = apply_retention(root, {2, archive}, now);
  EXPECT_EQ(report.archived.size(), 2u);
  EXPECT_TRUE(report.deleted.empty());
  EXPECT_EQ(trade_days(root), (std::vector<std::string>{"2025-01-29"}));
  EXPECT_EQ(trade_days(archive), (std::vector<std::string>{"2025-01-27", "2025-01-28"}));

  const auto restored = restore_archive(root, archive, "2025-01-28", "2025-01-28");
  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(trade_days(root), (std::vector<std::string>{"2025-01-28", "2025-01-29"}));
  RawReader reader(root);
  std::vector<std::uint64_t> seqs;
  reader.read(range_query("BTCUSDT", {RawKind::trade}, kDay0, kDay0 + 3 * kMicrosPerDay, ReadOrder::journal),
              [&](EngineInput&& input) { seqs.push_back(ingest_seq_of(input)); });
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{2, 3}));
}

TEST(Retention, WithoutArchiveExpiredDaysAreDeleted) {
  const auto root = store_three_days();
  const auto report = apply_retention(root, {1, std::nullopt}, kDay0 + 2 * kMicrosPerDay);
  EXPECT_EQ(report.deleted.size(), 2u);
  EXPECT_EQ(trade_days(root), (std::vector<std::string>{"2025-01-29"}));
}

TEST(Retention, ZeroDaysKeepsEverything) {
  const auto root = store_three_days();
  const auto report = apply_retention(root, {0, std::nullopt}, kDay0 + 400 * kMicrosPerDay);
  EXPECT_TRUE(report.deleted.empty());
  EXPECT_EQ(trade_days(root).size(), 3u);
}

TEST(Retention, SchedulerRunsAtStartAndReportsWhatMoved) {
  const auto root = store_three_days();
  std::promise<RetentionReport> first_run;
  {
    const test::ManualClock clock(kDay0 + 2 * kMicrosPerDay);
    RetentionScheduler scheduler(
        [&](Timestamp now) {
          return apply_retention(root, {1, std::nullopt}, now);
        },
        std::chrono::hours(1), clock,
        [&, done = false](const RetentionReport& report) mutable {
          if (!std::exchange(done, true)) first_run.set_value(report);
        });
    const auto report = first_run.get_future().get();
    EXPECT_EQ(report.deleted.size(), 2u);
    EXPECT_TRUE(report.error.empty());
  }
  EXPECT_EQ(trade_days(root), (std::vector<std::string>{"2025-01-29"}));
}

// Replaying an old capture writes days that are already expired. Retention running meanwhile must
// not pull a day folder from under a part file being written (that failed the writer, and the
// failed flush at shutdown terminated `serve`).
TEST(Retention, RunningBesideALiveStoreNeverBreaksItsWrites) {
  const auto root = test::make_temp_dir("raw-retention-live");
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  options.flush_interval = std::chrono::milliseconds(1);
  RawStore store(options);
  std::atomic<std::size_t> deleted{0};
  std::jthread retention([&](const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      deleted += store.apply_retention({1, std::nullopt}, kDay0 + 30 * kMicrosPerDay).deleted.size();
      // Back to back, this thread would hold the disk lock almost always and starve the store's
      // converter (it runs at a lower priority); live, retention runs once an hour.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  std::uint64_t seq = 0;
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 20; ++i) {
      ++seq;
      store.append(
          test::trade("BTCUSDT", kDay0 + static_cast<Timestamp>(seq), seq, "t" + std::to_string(seq)));
    }
    ASSERT_NO_THROW(store.flush()) << "round " << round;
  }
  retention.request_stop();
  retention.join();
  EXPECT_TRUE(store.last_error().empty()) << store.last_error();
  EXPECT_EQ(store.durable_seq(), seq);
  EXPECT_GT(deleted.load(), 0U) << "retention really removed expired parts meanwhile";
}

}  // namespace
}  // namespace fsvc::parquet
