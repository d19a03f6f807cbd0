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

// A fresh store under `root` (its clock days after the seeded data) that numbers what it is given
// with consecutive ingest_seq and remembers each row; stored() makes it all durable, compacts the
// closed days and gives the rows in event-time order.
class SeededStore {
 public:
  explicit SeededStore(const fs::path& root) : store_(options_at(root)) {}

  void ticker(Timestamp t) { add(test::ticker("BTCUSDT", t, ++seq_), t); }
  void trade(Timestamp t) {
    ++seq_;
    add(test::trade("BTCUSDT", t, seq_, "t" + std::to_string(seq_)), t);
  }
  // The i-th input of a stretch: a trade at odd i, else a book update (the first a snapshot).
  void trade_or_book(int i, Timestamp t) {
    ++seq_;
    add(i % 2 ? test::trade("BTCUSDT", t, seq_, "t" + std::to_string(seq_))
              : test::book("BTCUSDT", t, seq_, static_cast<std::int64_t>(seq_), i == 0),
        t);
  }

  std::vector<Row> stored() {
    store_.flush();
    store_.compact_closed_days();
    std::sort(rows_.begin(), rows_.end());
    return rows_;
  }

 private:
  static RawStoreOptions options_at(const fs::path& root) {
    RawStoreOptions options;
    options.root = root;
    options.clock = std::make_shared<test::ManualClock>(kDay0 + 5 * kMicrosPerDay);
    return options;
  }
  void add(const MarketEvent& event, Timestamp t) {
    store_.append(event);
    rows_.push_back({t, seq_});
  }

  RawStore store_;
  std::uint64_t seq_ = 0;
  std::vector<Row> rows_;
};

// Every stored kind an event-time read of BTCUSDT over [from, to) takes, with the slow state from
// eight hours before.
RawQuery all_kinds(Timestamp from, Timestamp to) {
  RawQuery query =
      range_query("BTCUSDT", {RawKind::book_snapshot, RawKind::book_delta, RawKind::trade, RawKind::ticker},
                  from, to, ReadOrder::event_time);
  query.slow_from = from - 8 * kMicrosPerHour;
  return query;
}

// Small slices cut the stored days into many time pieces (a fraction of a day each): the read is
// still the one event-time order of the whole period, with the slow state from before its start
// first, nothing repeated or lost at a piece's edge.
TEST(RawReaderSlices, SlicedEventTimeReadIsTheWholePeriodInOrder) {
  const auto root = test::make_temp_dir("raw-slices");
  std::vector<Row> expected;
  {
    SeededStore store(root);
    store.ticker(kDay0 - kMicrosPerHour);  // slow state before the read
    for (int i = 0; i < 90; ++i) {
      // Out of time order within each stretch, across three days and their midnights.
      store.trade_or_book(i, kDay0 + (i % 3) * kMicrosPerDay + ((i * 37) % 90) * 16 * kMicrosPerMinute + 1);
    }
    expected = store.stored();
  }
  const RawQuery query = all_kinds(kDay0, kDay0 + 3 * kMicrosPerDay);
  EXPECT_EQ(read_rows(root, 4, query), expected);
  EXPECT_EQ(read_rows(root, RawReader::kRowsPerSlice, query), expected);
}

// Rows the slices of `query` hold, each read on its own, and the rows read back in slice order.
struct SlicedRead {
  std::vector<std::size_t> rows_per_slice;
  std::vector<Row> rows;
};

SlicedRead read_slice_by_slice(const fs::path& root, std::uint64_t rows_per_slice, const RawQuery& query) {
  RawReader reader(root, DamagePolicy::fail, rows_per_slice);
  SlicedRead read;
  for (const RawQuery& slice : reader.slices(query)) {
    read.rows_per_slice.push_back(reader.read(slice, [&](EngineInput&& input) {
      read.rows.push_back({partition_time(input), ingest_seq_of(input)});
    }));
  }
  return read;
}

// The case that broke slices uniform in time: every row of a day within a few minutes (one
// crowded second among them), and slow state from hours before the read. Slices are cut by the
// rows they hold, so none holds more than the bound however the rows crowd.
TEST(RawReaderSlices, SlicesHoldAtMostTheBoundWhereRowsCrowdIntoMinutes) {
  const auto root = test::make_temp_dir("raw-slices-crowded");
  const Timestamp from = kDay0 + 10 * kMicrosPerHour;
  std::vector<Row> expected;
  {
    SeededStore store(root);
    // Slow state: a ticker every 12 minutes before the read.
    for (int i = 0; i < 25; ++i) store.ticker(from - (i + 1) * 12 * kMicrosPerMinute);
    for (int i = 0; i < 300; ++i) {
      // Three minutes, out of time order; every fourth row in the one second after `from`.
      store.trade_or_book(i, i % 4 == 0 ? from + 1 + (i * 7919) % kMicrosPerSecond
                                        : from + ((i * 37) % 180) * kMicrosPerSecond + i);
    }
    expected = store.stored();
  }
  const RawQuery query = all_kinds(from, from + kMicrosPerHour);
  constexpr std::uint64_t kBound = 10;
  const SlicedRead read = read_slice_by_slice(root, kBound, query);
  EXPECT_EQ(read.rows, expected) << "the slices concatenate to the whole read";
  EXPECT_GE(read.rows_per_slice.size(), expected.size() / kBound);
  for (std::size_t i = 0; i < read.rows_per_slice.size(); ++i)
    EXPECT_LE(read.rows_per_slice[i], kBound) << "slice " << i << " of " << read.rows_per_slice.size();
  EXPECT_EQ(read_rows(root, kBound, query), expected);
}

// Rows of one microsecond cannot be told apart by a time range: they stay together in one slice,
// which is then the only one above the bound.
TEST(RawReaderSlices, RowsOfOneMicrosecondStayInOneSlice) {
  const auto root = test::make_temp_dir("raw-slices-tied");
  const Timestamp tied = kDay0 + kMicrosPerHour;
  {
    SeededStore store(root);
    for (int i = 0; i < 40; ++i) store.trade(i >= 10 && i < 25 ? tied : kDay0 + kMicrosPerHour - 20 + i);
    (void)store.stored();
  }
  const RawQuery query =
      range_query("BTCUSDT", {RawKind::trade}, kDay0, kDay0 + kMicrosPerDay - 1, ReadOrder::event_time);
  const SlicedRead read = read_slice_by_slice(root, 10, query);
  ASSERT_EQ(read.rows.size(), 40u);
  EXPECT_EQ(std::count(read.rows_per_slice.begin(), read.rows_per_slice.end(), 15u), 1)
      << "the 15 rows at one microsecond";
  EXPECT_EQ(std::count_if(read.rows_per_slice.begin(), read.rows_per_slice.end(),
                          [](std::size_t rows) { return rows > 10; }),
            1);
}

}  // namespace
}  // namespace fsvc::parquet
