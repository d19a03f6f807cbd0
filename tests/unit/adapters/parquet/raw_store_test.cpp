#include "adapters/parquet/raw_store.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/wal/wal_segment.hpp"
#include "core/book/snapshot_origin.hpp"
#include "raw_test_events.hpp"
#include "support/event_fields_testing.hpp"
#include "support/eventually.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

RawStoreOptions options_at(const fs::path& root, Timestamp now) {
  RawStoreOptions options;
  options.root = root;
  options.flush_rows = 3;
  options.flush_interval = std::chrono::milliseconds(20);
  options.clock = std::make_shared<test::ManualClock>(now);
  return options;
}

std::vector<EngineInput> read_all(const fs::path& root, const char* symbol, ReadOrder order) {
  RawReader reader(root);
  std::vector<EngineInput> out;
  std::vector<RawKind> kinds(kAllRawKinds.begin(), kAllRawKinds.end());
  reader.read(range_query(symbol, kinds, kDay0 - kMicrosPerDay, kDay0 + 3 * kMicrosPerDay, order),
              [&](EngineInput&& input) { out.push_back(std::move(input)); });
  return out;
}

std::vector<std::uint64_t> seqs(const std::vector<EngineInput>& inputs) {
  std::vector<std::uint64_t> out;
  for (const auto& input : inputs) out.push_back(ingest_seq_of(input));
  return out;
}

TEST(RawStore, EveryKindRoundTripsExactlyInJournalOrder) {
  const auto root = test::make_temp_dir("raw-roundtrip");
  const std::vector<EngineInput> appended = {
      test::book("BTCUSDT", kDay0 + 10, 1, 100, true),
      test::trade("BTCUSDT", kDay0 + 5, 2, "t-1"),  // earlier exchange time, later arrival
      test::tick("BTCUSDT", kDay0 + kMicrosPerSecond, 3),
      test::book("BTCUSDT", kDay0 + 20, 4, 101, false),
      test::ticker("BTCUSDT", kDay0 + 30, 5),  // some fields absent
      test::kline("BTCUSDT", kDay0 + 40, 6),
      test::funding("BTCUSDT", kDay0 + 50, 7),
  };
  {
    RawStore store(options_at(root, kDay0));
    for (const EngineInput& input : appended) std::visit([&](const auto& x) { store.append(x); }, input);
    store.flush();
    EXPECT_EQ(store.durable_seq(), 7u);
  }
  const auto inputs = read_all(root, "BTCUSDT", ReadOrder::journal);
  ASSERT_EQ(seqs(inputs), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7}));
  // Every field of every type, from the field lists: what is added to an event is checked here too.
  for (std::size_t i = 0; i < appended.size(); ++i) EXPECT_TRUE(test::same_fields(inputs[i], appended[i]));
}

TEST(RawStore, ABookSnapshotFetchedOverRestStaysOneAfterTheRoundTrip) {
  const auto root = test::make_temp_dir("raw-rest-snapshot");
  auto rest = std::get<BookUpdate>(test::book("BTCUSDT", kDay0 + 10, 1, 100, true));
  ASSERT_TRUE(rest.header.event_id.assign(std::string(kRestSnapshotIdPrefix) + "100"));
  rest.from_rest = true;  // not a column: given back from the event id
  {
    RawStore store(options_at(root, kDay0));
    store.append(rest);
    store.flush();
  }
  const auto inputs = read_all(root, "BTCUSDT", ReadOrder::journal);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_TRUE(test::same_fields(inputs[0], EngineInput(MarketEvent(rest))));
}

// More rows than one DuckDB vector (2048) in one part: levels must survive chunk boundaries.
TEST(RawStore, BookLevelsSurviveManyChunksInOnePart) {
  const auto root = test::make_temp_dir("raw-chunks");
  auto levels_for = [](std::uint64_t seq) {
    std::vector<BookLevel> levels;
    for (std::uint64_t i = 0; i < seq % 4; ++i) {
      levels.push_back({static_cast<std::int64_t>(seq * 100 + i), static_cast<std::int64_t>(i)});
    }
    return levels;
  };
  constexpr std::uint64_t kCount = 5000;
  {
    auto options = options_at(root, kDay0);
    options.flush_rows = kCount;
    options.flush_interval = std::chrono::hours(1);
    RawStore store(options);
    for (std::uint64_t seq = 1; seq <= kCount; ++seq) {
      auto event = std::get<BookUpdate>(test::book("BTCUSDT", kDay0 + static_cast<Timestamp>(seq), seq,
                                                   static_cast<std::int64_t>(seq), false));
      event.bids = levels_for(seq);
      event.asks = levels_for(seq + 1);
      store.append(event);
    }
    store.flush();
  }
  EXPECT_EQ(symbol_files(day_dir(root, RawKind::book_delta, "2025-01-27"), "BTCUSDT").size(), 1u);
  const auto inputs = read_all(root, "BTCUSDT", ReadOrder::journal);
  ASSERT_EQ(inputs.size(), kCount);
  for (std::uint64_t seq = 1; seq <= kCount; ++seq) {
    const auto& book = std::get<BookUpdate>(std::get<MarketEvent>(inputs[seq - 1]));
    ASSERT_EQ(book.update_id, static_cast<std::int64_t>(seq));
    ASSERT_EQ(book.bids, levels_for(seq)) << "seq " << seq;
    ASSERT_EQ(book.asks, levels_for(seq + 1)) << "seq " << seq;
  }
}

TEST(RawStore, AFailedWalWriteKeepsRowsQueuedAndDurableSeqBehind) {
  const auto root = test::make_temp_dir("raw-wal-failure");
  RawStore store(options_at(root, kDay0));
  std::ofstream(root / "wal") << "a file where the WAL folder should be";
  store.append(test::trade("BTCUSDT", kDay0 + 1, 1, "a"));
  EXPECT_THROW(store.flush(), std::exception);
  EXPECT_EQ(store.durable_seq(), 0u);
  EXPECT_NE(store.last_error().find("wal"), std::string::npos) << store.last_error();

  fs::remove(root / "wal");
  store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "b"));
  store.flush();  // the next round retries the queued row and writes both
  EXPECT_EQ(store.durable_seq(), 2u);
  EXPECT_EQ(store.last_error(), "");
  EXPECT_EQ(seqs(read_all(root, "BTCUSDT", ReadOrder::journal)), (std::vector<std::uint64_t>{1, 2}));
}

TEST(RawStore, AFailedConversionKeepsTheDurableSegmentAndRetriesIt) {
  const auto root = test::make_temp_dir("raw-convert-failure");
  RawStore store(options_at(root, kDay0));
  std::ofstream(root / "trades") << "a file where the trades folder should be";
  store.append(test::trade("BTCUSDT", kDay0 + 1, 1, "a"));
  EXPECT_THROW(store.flush(), std::exception);
  EXPECT_EQ(store.durable_seq(), 1u);  // in the WAL: may be acknowledged
  EXPECT_NE(store.last_error().find("trades"), std::string::npos) << store.last_error();
  EXPECT_EQ(wal::wal_segments(root).size(), 1u);

  fs::remove(root / "trades");
  store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "b"));
  store.flush();
  EXPECT_EQ(store.last_error(), "");
  EXPECT_EQ(seqs(read_all(root, "BTCUSDT", ReadOrder::journal)), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_TRUE(wal::wal_segments(root).empty());
}

void append_trades(RawStore& store, std::uint64_t first, std::uint64_t last) {
  for (std::uint64_t seq = first; seq <= last; ++seq) {
    store.append(test::trade("BTCUSDT", kDay0 + static_cast<Timestamp>(seq), seq, "t" + std::to_string(seq)));
  }
}

TEST(RawStore, InputsReachParquetWhenTheirSegmentIsSealedNotAtEveryWrite) {
  const auto root = test::make_temp_dir("raw-segments");
  RawStoreOptions options = options_at(root, kDay0);
  options.segment_inputs = 4;
  options.segment_age = std::chrono::hours(1);
  RawStore store(options);
  append_trades(store, 1, 3);
  // The writer makes them durable on its own (flush_rows = 3 here), without a flush() call.
  ASSERT_TRUE(test::eventually([&] { return store.durable_seq() == 3; }));
  // Durable in the WAL, but the segment holds fewer than segment_inputs: no Parquet part yet.
  EXPECT_TRUE(read_all(root, "BTCUSDT", ReadOrder::journal).empty());
  EXPECT_EQ(wal::wal_segments(root).size(), 1u);

  append_trades(store, 4, 6);
  // Durable up to 6: the first segment reached 4 inputs and was sealed.
  ASSERT_TRUE(test::eventually([&] { return store.durable_seq() == 6; }));
  append_trades(store, 7, 9);
  store.flush();  // seals the second
  EXPECT_EQ(seqs(read_all(root, "BTCUSDT", ReadOrder::journal)),
            (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  // One part per segment, named after the segment's first ingest_seq.
  const auto files = symbol_files(day_dir(root, RawKind::trade, "2025-01-27"), "BTCUSDT");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files.front().filename(), "BTCUSDT.part-00000000000000000001.parquet");
  EXPECT_TRUE(wal::wal_segments(root).empty());
}

TEST(RawStore, EventTimeOrderBreaksTiesByIngestSeq) {
  const auto root = test::make_temp_dir("raw-eventtime");
  {
    RawStore store(options_at(root, kDay0));
    store.append(test::book("ETHUSDT", kDay0 + 20, 1, 1, true));
    store.append(test::trade("ETHUSDT", kDay0 + 10, 2, "a"));
    store.append(test::trade("ETHUSDT", kDay0 + 20, 3, "b"));
    store.append(test::book("ETHUSDT", kDay0 + 15, 4, 2, false));
    store.flush();
  }
  EXPECT_EQ(seqs(read_all(root, "ETHUSDT", ReadOrder::event_time)), (std::vector<std::uint64_t>{2, 4, 1, 3}));
}

TEST(RawStore, ReaderOpensOnlyTheDaysInRangeAndFiltersByTime) {
  const auto root = test::make_temp_dir("raw-prune");
  {
    RawStore store(options_at(root, kDay0));
    store.append(test::trade("BTCUSDT", kDay0 + 1, 1, "d0"));
    store.append(test::trade("BTCUSDT", kDay0 + kMicrosPerDay + 1, 2, "d1"));
    store.append(test::trade("BTCUSDT", kDay0 + 2 * kMicrosPerDay + 1, 3, "d2"));
    store.flush();
  }
  RawReader reader(root);
  const auto files =
      reader.files_for(RawKind::trade, "BTCUSDT", kDay0 + kMicrosPerDay, kDay0 + kMicrosPerDay + 5);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].parent_path().filename(), "2025-01-28");
  std::vector<std::uint64_t> got;
  reader.read(
      range_query("BTCUSDT", {RawKind::trade}, kDay0 + 2, kDay0 + 2 * kMicrosPerDay, ReadOrder::journal),
      [&](EngineInput&& input) { got.push_back(ingest_seq_of(input)); });
  EXPECT_EQ(got, (std::vector<std::uint64_t>{2}));
}

TEST(RawStore, AQueryEndingBeyondYear9999StillReadsTheStoredDays) {
  const auto root = test::make_temp_dir("raw-year-10000");
  {
    RawStore store(options_at(root, kDay0));
    store.append(test::trade("BTCUSDT", kDay0 + 1, 1, "d0"));
    store.flush();
  }
  RawReader reader(root);
  EXPECT_EQ(utc_day(kLastFourDigitYearTime), "9999-12-31");
  std::vector<std::uint64_t> got;
  reader.read(range_query("BTCUSDT", {RawKind::trade}, kDay0, kLastFourDigitYearTime + kMicrosPerHour,
                          ReadOrder::event_time),
              [&](EngineInput&& input) { got.push_back(ingest_seq_of(input)); });
  EXPECT_EQ(got, (std::vector<std::uint64_t>{1}));
}

TEST(RawLayout, ADayNameIsReadBackAsTheStartOfThatDayAndNothingElseIsADay) {
  for (Timestamp day = kDay0 - 400 * kMicrosPerDay; day <= kDay0 + 800 * kMicrosPerDay;
       day += kMicrosPerDay) {
    ASSERT_EQ(parse_utc_day(utc_day(day + kMicrosPerHour)), day) << utc_day(day);
  }
  EXPECT_TRUE(parse_utc_day("2024-02-29"));
  for (const std::string_view name : {"2023-02-29", "2025-02-30", "2025-13-01", "2025-00-10", "2025-1-011",
                                      "2025-01-1 ", "2025-01-27T00:00:00", "2025/01/27", "20250127", ""}) {
    EXPECT_FALSE(parse_utc_day(name)) << '"' << name << '"';
  }
}

TEST(RawStore, RedeliveredEventsAreStoredOnceAcrossRestarts) {
  const auto root = test::make_temp_dir("raw-dedup");
  {
    RawStore store(options_at(root, kDay0));
    store.append(test::book("BTCUSDT", kDay0 + 1, 1, 10, true));
    store.append(test::book("BTCUSDT", kDay0 + 2, 2, 11, false));
    store.append(test::trade("BTCUSDT", kDay0 + 3, 3, "t-9"));
    store.append(test::trade("BTCUSDT", kDay0 + 3, 4, "t-9"));  // same trade id
    store.flush();
    EXPECT_EQ(store.duplicates_dropped(), 1u);
  }
  RawStore reopened(options_at(root, kDay0 + kMicrosPerHour));
  EXPECT_EQ(reopened.recovery().max_ingest_seq, 3u);
  EXPECT_EQ(reopened.durable_seq(), 3u);
  EXPECT_TRUE(reopened.is_duplicate(test::trade("BTCUSDT", kDay0 + 3, 5, "t-9")));
  EXPECT_TRUE(reopened.is_duplicate(test::book("BTCUSDT", kDay0 + 2, 5, 11, false)));
  EXPECT_FALSE(reopened.is_duplicate(test::book("BTCUSDT", kDay0 + 4, 5, 12, false)));
  // A new snapshot (Bybit restarted its sequence lower) makes lower deltas new again.
  EXPECT_FALSE(reopened.is_duplicate(test::book("BTCUSDT", kDay0 + 4, 5, 3, true)));
  reopened.append(test::trade("BTCUSDT", kDay0 + 3, 5, "t-9"));
  reopened.append(test::book("BTCUSDT", kDay0 + 4, 6, 12, false));
  reopened.flush();
  EXPECT_EQ(seqs(read_all(root, "BTCUSDT", ReadOrder::journal)), (std::vector<std::uint64_t>{1, 2, 3, 6}));
}

TEST(RawStore, TornAndCorruptPartsAreQuarantinedAtStartAndReadsNameThem) {
  const auto root = test::make_temp_dir("raw-quarantine");
  {
    RawStore store(options_at(root, kDay0));
    store.append(test::trade("BTCUSDT", kDay0 + 1, 1, "ok"));
    store.flush();
  }
  const fs::path dir = day_dir(root, RawKind::trade, "2025-01-27");
  std::ofstream(part_file(dir, "BTCUSDT", 7)) << "PAR1 this is not parquet";
  std::ofstream(part_file(dir, "BTCUSDT", 8).string() + ".tmp") << "half a file";

  RawStore reopened(options_at(root, kDay0));
  EXPECT_EQ(reopened.recovery().quarantined.size(), 2u);
  EXPECT_TRUE(
      fs::exists(root / "quarantine" / "trades_2025-01-27_BTCUSDT.part-00000000000000000007.parquet"));
  // The quarantined part is a known loss: a read names it instead of quietly returning less (the
  // torn temp file was never published, so it is no loss).
  try {
    read_all(root, "BTCUSDT", ReadOrder::journal);
    FAIL() << "the read must name the quarantined part";
  } catch (const RawStoreDamage& e) {
    EXPECT_NE(std::string(e.what()).find("moved to quarantine as quarantine/trades_2025-01-27_BTCUSDT.part-"),
              std::string::npos)
        << e.what();
  }

  // A file damaged after start-up is never moved by a reader: a tolerant one skips it, and it stays.
  std::ofstream(part_file(dir, "BTCUSDT", 9)) << "garbage";
  RawReader reader(root, DamagePolicy::tolerate);
  EXPECT_EQ(reader.files_for(RawKind::trade, "BTCUSDT", kDay0, kDay0 + 10).size(), 1u);
  EXPECT_EQ(reader.skipped().size(), 2u);
  EXPECT_TRUE(fs::exists(part_file(dir, "BTCUSDT", 9)));
  EXPECT_THROW(RawReader(root).files_for(RawKind::trade, "BTCUSDT", kDay0, kDay0 + 10), RawStoreDamage);
}

TEST(RawStore, ClosedDaysAreCompactedIntoOneFilePerSymbol) {
  const auto root = test::make_temp_dir("raw-compact");
  {
    RawStore store(options_at(root, kDay0));
    for (std::uint64_t seq = 1; seq <= 7; ++seq) {
      store.append(
          test::trade("BTCUSDT", kDay0 + static_cast<Timestamp>(seq), seq, "t" + std::to_string(seq)));
      store.flush();  // one part per trade
    }
  }
  const fs::path dir = day_dir(root, RawKind::trade, "2025-01-27");
  EXPECT_EQ(symbol_files(dir, "BTCUSDT").size(), 7u);
  {
    // Half an hour into the next day the day is not closed yet (grace 1 h).
    RawStore store(options_at(root, kDay0 + kMicrosPerDay + kMicrosPerHour / 2));
    store.compact_closed_days();
    EXPECT_EQ(symbol_files(dir, "BTCUSDT").size(), 7u);
  }
  {
    RawStore store(options_at(root, kDay0 + kMicrosPerDay + 2 * kMicrosPerHour));
    store.compact_closed_days();
  }
  EXPECT_EQ(symbol_files(dir, "BTCUSDT"), (std::vector<fs::path>{day_file(dir, "BTCUSDT")}));
  EXPECT_EQ(seqs(read_all(root, "BTCUSDT", ReadOrder::journal)),
            (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7}));
}

}  // namespace
}  // namespace fsvc::parquet
