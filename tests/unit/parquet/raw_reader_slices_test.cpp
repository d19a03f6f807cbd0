#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

struct Row {
  Timestamp time;
  std::uint64_t seq;
  friend bool operator==(const Row&, const Row&) = default;
  friend auto operator<=>(const Row&, const Row&) = default;
};

std::vector<Row> read_rows(const fs::path& root, std::uint64_t rows_per_slice, const RawQuery& query) {
  RawReader reader(root, DamagePolicy::fail, rows_per_slice);
  std::vector<Row> rows;
  reader.read(query, [&](EngineInput&& input) {
    rows.push_back({partition_time(input), ingest_seq_of(input)});
  });
  return rows;
}

// Small slices cut the stored days into many time pieces (a fraction of a day each): the read is
// still the one event-time order of the whole period, with the slow state from before its start
// first, nothing repeated or lost at a piece's edge.
TEST(RawReaderSlices, SlicedEventTimeReadIsTheWholePeriodInOrder) {
  const auto root = test::make_temp_dir("raw-slices");
  std::vector<Row> expected;
  {
    RawStoreOptions options;
    options.root = root;
    options.clock = std::make_shared<test::ManualClock>(kDay0 + 5 * kMicrosPerDay);
    RawStore store(options);
    std::uint64_t seq = 0;
    store.append(test::ticker("BTCUSDT", kDay0 - kMicrosPerHour, ++seq));  // slow state before the read
    expected.push_back({kDay0 - kMicrosPerHour, seq});
    for (int i = 0; i < 90; ++i) {
      // Out of time order within each stretch, across three days and their midnights.
      const Timestamp t = kDay0 + (i % 3) * kMicrosPerDay + ((i * 37) % 90) * 16 * kMicrosPerMinute + 1;
      ++seq;
      store.append(i % 2 ? test::trade("BTCUSDT", t, seq, "t" + std::to_string(seq))
                         : test::book("BTCUSDT", t, seq, static_cast<std::int64_t>(seq), i == 0));
      expected.push_back({t, seq});
    }
    store.flush();
    store.compact_closed_days();
  }
  std::sort(expected.begin(), expected.end());
  RawQuery query =
      range_query("BTCUSDT", {RawKind::book_snapshot, RawKind::book_delta, RawKind::trade, RawKind::ticker},
                  kDay0, kDay0 + 3 * kMicrosPerDay, ReadOrder::event_time);
  query.slow_from = kDay0 - 8 * kMicrosPerHour;
  EXPECT_EQ(read_rows(root, 4, query), expected);
  EXPECT_EQ(read_rows(root, RawReader::kRowsPerSlice, query), expected);
}

}  // namespace
}  // namespace fsvc::parquet
