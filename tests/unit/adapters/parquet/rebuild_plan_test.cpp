#include "adapters/parquet/rebuild_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;
constexpr Timestamp kMin = kMicrosPerMinute;

fs::path store_with(const std::vector<EngineInput>& inputs) {
  const auto root = test::make_temp_dir("raw-plan");
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  RawStore store(options);
  for (const auto& input : inputs) {
    if (const auto* tick = std::get_if<Tick>(&input)) {
      store.append(*tick);
    } else {
      store.append(std::get<MarketEvent>(input));
    }
  }
  store.flush();
  return root;
}

std::vector<std::uint64_t> read_seqs(RawReader& reader, const RawQuery& query) {
  std::vector<std::uint64_t> seqs;
  reader.read(query, [&](EngineInput&& input) { seqs.push_back(ingest_seq_of(input)); });
  return seqs;
}

TEST(RebuildPlan, ImportedDataStartsAtTheLastSnapshotBeforeTheLookbackInEventTime) {
  // T1 = 10:20, lookback 5 min -> snapshot wanted at or before 10:15: the 10:10 one, not 10:17.
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  const auto root = store_with(
      {test::ticker("BTCUSDT", t0 - 120 * kMin, 1), test::book("BTCUSDT", t0, 2, 1, true),
       test::trade("BTCUSDT", t0 + 2 * kMin, 3, "early"), test::book("BTCUSDT", t0 + 10 * kMin, 4, 5, true),
       test::book("BTCUSDT", t0 + 17 * kMin, 5, 9, true), test::trade("BTCUSDT", t0 + 19 * kMin, 6, "in")});
  RawReader reader(root);
  const auto plan = plan_rebuild(reader, "BTCUSDT", t0 + 20 * kMin, t0 + 30 * kMin);
  EXPECT_FALSE(plan.journal);
  ASSERT_TRUE(plan.snapshot.has_value());
  EXPECT_EQ(plan.snapshot->time, t0 + 10 * kMin);
  EXPECT_EQ(plan.query.order, ReadOrder::event_time);
  // The 2 h old ticker is kept (slow state), the trade before the snapshot is not.
  EXPECT_EQ(read_seqs(reader, plan.query), (std::vector<std::uint64_t>{1, 4, 5, 6}));
}

TEST(RebuildPlan, LiveJournalIsReplayedByIngestSeqIncludingLateEvents) {
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  const auto root =
      store_with({test::book("BTCUSDT", t0, 1, 1, true), test::tick("BTCUSDT", t0 + 6 * kMin, 2),
                  test::trade("BTCUSDT", t0 - kMin, 3, "late"),  // late: older than the snapshot
                  test::book("BTCUSDT", t0 + 7 * kMin, 4, 2, false), test::tick("BTCUSDT", t0 + 7 * kMin, 5),
                  test::tick("BTCUSDT", t0 + 8 * kMin, 6)});
  RawReader reader(root);
  const auto plan = plan_rebuild(reader, "BTCUSDT", t0 + 6 * kMin, t0 + 7 * kMin);
  EXPECT_TRUE(plan.journal);
  EXPECT_EQ(plan.query.order, ReadOrder::journal);
  EXPECT_EQ(plan.query.min_ingest_seq, 1u);
  EXPECT_EQ(plan.query.max_ingest_seq, 5u);  // the tick for T2, not the one after
  EXPECT_EQ(read_seqs(reader, plan.query), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
}

TEST(RebuildPlan, WithoutAnySnapshotTheReplayStartsAtTheLookback) {
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  const auto root = store_with(
      {test::trade("BTCUSDT", t0 + 10 * kMin, 1, "old"), test::trade("BTCUSDT", t0 + 16 * kMin, 2, "new")});
  RawReader reader(root);
  const auto plan = plan_rebuild(reader, "BTCUSDT", t0 + 20 * kMin, t0 + 21 * kMin);
  EXPECT_FALSE(plan.snapshot.has_value());
  EXPECT_EQ(plan.query.from, t0 + 15 * kMin);
  EXPECT_EQ(read_seqs(reader, plan.query), (std::vector<std::uint64_t>{2}));
}

TEST(RebuildPlan, ImportedDataIsReadPastT2SoTheCanonicalTickForT2IsIssued) {
  // The canonical tick for boundary b comes with the first event after b: the 10:21:30 trade.
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  const auto root = store_with({test::book("BTCUSDT", t0 + 14 * kMin, 1, 1, true),
                                test::trade("BTCUSDT", t0 + 20 * kMin, 2, "in"),
                                test::trade("BTCUSDT", t0 + 21 * kMin + 30 * kMicrosPerSecond, 3, "after")});
  RawReader reader(root);
  const auto plan = plan_rebuild(reader, "BTCUSDT", t0 + 20 * kMin, t0 + 21 * kMin);
  EXPECT_FALSE(plan.journal);
  EXPECT_EQ(plan.last_vector, t0 + 21 * kMin);
  EXPECT_GT(plan.query.to, t0 + 21 * kMin);
  EXPECT_EQ(read_seqs(reader, plan.query), (std::vector<std::uint64_t>{1, 2, 3}));
}

// Where a warm start replays from (plan_restore): the last book snapshot (usually the service's own
// checkpoint) at or before the last tick minus the longest lookback, through the newest input,
// events after the last tick included.
constexpr Duration kLookback = 5 * kMin;
constexpr Timestamp kDay = 24 * kMicrosPerHour;

TEST(RestorePlan, StartsAtTheLastSnapshotBeforeTheLookbackAndReadsThroughTheNewestInput) {
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  // Snapshots at 10:00 and 10:20 (a checkpoint); newest input 10:24:30, so the replay must start at
  // or before 10:19:30: the 10:00 one. The trade after the last tick is restored too.
  const auto root =
      store_with({test::book("BTCUSDT", t0, 1, 1, true), test::trade("BTCUSDT", t0 + 1 * kMin, 2, "before"),
                  test::book("BTCUSDT", t0 + 20 * kMin, 3, 5, true), test::tick("BTCUSDT", t0 + 24 * kMin, 4),
                  test::trade("BTCUSDT", t0 + 24 * kMin + 30 * kMicrosPerSecond, 5, "after")});
  RawReader reader(root);
  const auto plan = plan_restore(reader, "BTCUSDT", kDay0 + kDay - 1, kLookback);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->newest_input, t0 + 24 * kMin + 30 * kMicrosPerSecond);
  ASSERT_TRUE(plan->snapshot.has_value());
  EXPECT_EQ(plan->snapshot->time, t0);
  EXPECT_EQ(plan->query.order, ReadOrder::journal);
  EXPECT_EQ(read_seqs(reader, plan->query), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
}

TEST(RestorePlan, AStaleSnapshotIsKeptWhenNoneIsNewerThanTheLookback) {
  // The exchange's only snapshot is 3 h old: without a checkpoint the book can only be rebuilt
  // from it, so the replay starts there (and the old deltas come along).
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  const auto root = store_with(
      {test::book("BTCUSDT", t0, 1, 1, true), test::book("BTCUSDT", t0 + kMin, 2, 2, false),
       test::tick("BTCUSDT", t0 + 180 * kMin, 3), test::trade("BTCUSDT", t0 + 180 * kMin, 4, "now")});
  RawReader reader(root);
  const auto plan = plan_restore(reader, "BTCUSDT", kDay0 + kDay - 1, kLookback);
  ASSERT_TRUE(plan.has_value());
  ASSERT_TRUE(plan->snapshot.has_value());
  EXPECT_EQ(plan->snapshot->time, t0);
  EXPECT_EQ(read_seqs(reader, plan->query), (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

TEST(RestorePlan, AcrossMidnightTheSnapshotOfThePreviousDayIsFound) {
  // Newest input at 00:02 of day 1: lookback reaches 23:57 of day 0, the snapshot is at 23:56.
  const Timestamp midnight = kDay0 + kDay;
  const auto root = store_with({test::book("BTCUSDT", midnight - 10 * kMin, 1, 1, true),
                                test::book("BTCUSDT", midnight - 4 * kMin, 2, 7, true),
                                test::book("BTCUSDT", midnight - 3 * kMin, 3, 8, false),
                                test::tick("BTCUSDT", midnight + kMin, 4),
                                test::trade("BTCUSDT", midnight + 2 * kMin, 5, "new day")});
  RawReader reader(root);
  const auto plan = plan_restore(reader, "BTCUSDT", midnight + kDay - 1, kLookback);
  ASSERT_TRUE(plan.has_value());
  ASSERT_TRUE(plan->snapshot.has_value());
  EXPECT_EQ(plan->snapshot->time, midnight - 4 * kMin);
  EXPECT_EQ(plan->snapshot->ingest_seq, 2u);
  EXPECT_EQ(read_seqs(reader, plan->query), (std::vector<std::uint64_t>{2, 3, 4, 5}));
}

TEST(RestorePlan, WithoutAnySnapshotTheReplayStartsAtTheLookback) {
  const Timestamp t0 = kDay0 + 10 * 60 * kMin;
  const auto root =
      store_with({test::trade("BTCUSDT", t0, 1, "old"), test::trade("BTCUSDT", t0 + 8 * kMin, 2, "in"),
                  test::tick("BTCUSDT", t0 + 10 * kMin, 3)});
  RawReader reader(root);
  const auto plan = plan_restore(reader, "BTCUSDT", kDay0 + kDay - 1, kLookback);
  ASSERT_TRUE(plan.has_value());
  EXPECT_FALSE(plan->snapshot.has_value());
  EXPECT_EQ(plan->newest_input, t0 + 10 * kMin);
  EXPECT_EQ(plan->query.slow_from.value() + 8 * kMicrosPerHour, t0 + 5 * kMin);
  // The 10:00 trade is past the 5-minute lookback but inside the journal slice's lateness slack:
  // harmless (it is evicted before any vector it could reach), and it is what a rebuild reads too.
  const auto seqs = read_seqs(reader, plan->query);
  EXPECT_EQ(seqs.back(), 3u);
  EXPECT_NE(std::find(seqs.begin(), seqs.end(), 2u), seqs.end());
}

TEST(RestorePlan, ASymbolWithoutInputsHasNoPlan) {
  const auto root = store_with({test::trade("BTCUSDT", kDay0 + kMin, 1, "x")});
  RawReader reader(root);
  EXPECT_FALSE(plan_restore(reader, "ETHUSDT", kDay0 + kDay - 1, kLookback).has_value());
}

}  // namespace
}  // namespace fsvc::parquet
