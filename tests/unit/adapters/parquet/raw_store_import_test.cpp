// The raw store as `import` uses it: history of closed days, event-time data rather than a live
// journal, re-imported at will.
#include <gtest/gtest.h>

#include "adapters/parquet/history_import.hpp"
#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

RawStoreOptions import_options(const fs::path& root) {
  RawStoreOptions options;
  options.root = root;
  options.drop_stale_deltas = false;
  options.clock =
      std::make_shared<test::ManualClock>(kDay0 + 30 * kMicrosPerDay);  // the imported day is long closed
  return options;
}

std::size_t stored_rows(const fs::path& root) {
  RawReader reader(root);
  std::vector<RawKind> kinds(kAllRawKinds.begin(), kAllRawKinds.end());
  return reader.read(range_query("BTCUSDT", kinds, kDay0, kDay0 + kMicrosPerDay, ReadOrder::event_time),
                     [](EngineInput&&) {});
}

TEST(RawStoreImport, OldDaysAreRecognisedOnceTheirIdsAreRemembered) {
  const auto root = test::make_temp_dir("raw-import");
  {
    RawStore store(import_options(root));
    store.append(test::book("BTCUSDT", kDay0 + 1, 1, 10, true));
    store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "t-1"));
    store.flush();
  }
  RawStore again(import_options(root));
  // Start-up seeds only today and yesterday: a month-old day is unknown until asked for.
  EXPECT_FALSE(again.is_duplicate(test::trade("BTCUSDT", kDay0 + 2, 3, "t-1")));
  again.remember_stored_ids(utc_day(kDay0));
  EXPECT_TRUE(again.is_duplicate(test::trade("BTCUSDT", kDay0 + 2, 3, "t-1")));
  EXPECT_TRUE(again.is_duplicate(test::book("BTCUSDT", kDay0 + 1, 3, 10, true)));
  EXPECT_FALSE(again.is_duplicate(test::trade("BTCUSDT", kDay0 + 5, 3, "t-2")));
  again.append(test::trade("BTCUSDT", kDay0 + 2, 3, "t-1"));
  again.flush();
  EXPECT_EQ(again.duplicates_dropped(), 1u);
  EXPECT_EQ(stored_rows(root), 2u);
}

TEST(RawStoreImport, DeltasOutOfUpdateIdOrderAreDataNotRedeliveries) {
  const auto root = test::make_temp_dir("raw-import-deltas");
  RawStore store(import_options(root));
  store.append(test::book("BTCUSDT", kDay0 + 1, 1, 10, true));
  store.append(test::book("BTCUSDT", kDay0 + 3, 2, 12, false));
  // Received after u=12 (a late message): the canonical replay puts it back in event time.
  EXPECT_FALSE(store.is_duplicate(test::book("BTCUSDT", kDay0 + 2, 3, 11, false)));
  store.append(test::book("BTCUSDT", kDay0 + 2, 3, 11, false));
  store.flush();
  EXPECT_EQ(store.duplicates_dropped(), 0u);
  EXPECT_EQ(stored_rows(root), 3u);
}

// What `import` numbers and skips (parquet::HistoryImport).
TEST(HistoryImport, NumbersAfterTheStoresHighestAndSkipsWhatTheDayAlreadyHolds) {
  const auto root = test::make_temp_dir("history-import");
  {
    RawStore store(import_options(root));
    HistoryImport history(store);
    MarketEvent first = test::trade("BTCUSDT", kDay0 + 2, 0, "t-1");
    MarketEvent second = test::trade("BTCUSDT", kDay0 + 1, 0, "t-2");  // earlier in time: order kept
    ASSERT_TRUE(history.append(first));
    ASSERT_TRUE(history.append(second));
    EXPECT_EQ(header_of(first).ingest_seq, 1U);
    EXPECT_EQ(header_of(second).ingest_seq, 2U);
    EXPECT_EQ(history.first_seq(), 1U);
    EXPECT_EQ(history.last_seq(), 2U);
    store.flush();
  }
  RawStore store(import_options(root));
  HistoryImport again(store);
  MarketEvent repeated = test::trade("BTCUSDT", kDay0 + 2, 0, "t-1");
  EXPECT_FALSE(again.append(repeated)) << "the closed day's ids are remembered before its first event";
  MarketEvent fresh = test::trade("BTCUSDT", kDay0 + 3, 0, "t-3");
  ASSERT_TRUE(again.append(fresh));
  EXPECT_EQ(header_of(fresh).ingest_seq, 3U);
  EXPECT_EQ(again.first_seq(), 3U);
}

}  // namespace
}  // namespace fsvc::parquet
