// HistoryImport: imported events continue the store's ingest_seq in the order given, and a
// re-import of a closed day is recognised from the ids that day holds.
#include "adapters/parquet/history_import.hpp"

#include <gtest/gtest.h>

#include "raw_test_events.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

RawStoreOptions closed_day_options(const fs::path& root) {
  RawStoreOptions options;
  options.root = root;
  options.drop_stale_deltas = false;
  options.now = [] { return kDay0 + 30 * kMicrosPerDay; };  // the imported day is long closed
  return options;
}

TEST(HistoryImport, NumbersAfterTheStoresHighestAndSkipsWhatTheDayAlreadyHolds) {
  const auto root = test::make_temp_dir("history-import");
  {
    RawStore store(closed_day_options(root));
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
  RawStore store(closed_day_options(root));
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
