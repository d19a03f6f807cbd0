// A WAL segment that does not decode is quarantined before it reaches Parquet, so no manifest lists
// its inputs: its record (lost_segments.hpp) is what makes the hole visible. A read over its stretch
// of the journal fails naming it, or (tolerate) reports a gap with the features that depended on it
// null; `store check` lists it; `store repair` records the segments it moves.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "adapters/parquet/lost_segments.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/store_audit.hpp"
#include "adapters/wal/wal_codec.hpp"
#include "adapters/wal/wal_segment.hpp"
#include "app/store_rebuild.hpp"
#include "live_store_fixture.hpp"
#include "rebuild_fixture.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;
using test::rebuild_btc;
using test::vector_at;
constexpr Timestamp kSec = kMicrosPerSecond;
const Timestamp t0 = kDay0 + 10 * kMicrosPerHour;
// write_thirty_live_seconds journals ingest_seq 1..121 (its last input: the tick at t0 + 30 s).
constexpr std::uint64_t kLostFirstSeq = 122;
constexpr std::uint64_t kNextFirstSeq = 130;

void append_block(wal::WalSegmentWriter& writer, const std::vector<EngineInput>& inputs) {
  std::string payload;
  for (const EngineInput& input : inputs) wal::encode_input(input, payload);
  writer.append_block(payload, static_cast<std::uint32_t>(inputs.size()));
}

// Second 31 in a segment whose first block decodes (the delta at 30.5 s, the trade at 30.75 s) and
// whose second passes its checksum but does not (2 inputs by its header): quarantined as lost.
void write_lost_segment(const fs::path& root) {
  wal::WalSegmentWriter writer(wal::wal_segment_path(root, kLostFirstSeq));
  append_block(writer, {test::book("BTCUSDT", t0 + 30 * kSec + kSec / 2, kLostFirstSeq, 32, false),
                        test::trade("BTCUSDT", t0 + 30 * kSec + 3 * kSec / 4, kLostFirstSeq + 1, "t31")});
  writer.append_block("\x09 not an input", 2);
}

// Seconds 32-40 after it, as the live service journals them (u continues after the lost deltas).
void write_next_segment(const fs::path& root) {
  wal::WalSegmentWriter writer(wal::wal_segment_path(root, kNextFirstSeq));
  std::uint64_t seq = kNextFirstSeq;
  std::vector<EngineInput> inputs;
  for (int second = 32; second <= 40; ++second) {
    const Timestamp at = t0 + second * kSec;
    inputs.emplace_back(test::book("BTCUSDT", at - kSec / 2, seq++, second + 1, false));
    inputs.emplace_back(test::trade("BTCUSDT", at - kSec / 4, seq++, "t" + std::to_string(second)));
    inputs.emplace_back(test::tick("BTCUSDT", at, seq++));
  }
  append_block(writer, inputs);
}

// 40 live seconds whose seconds 31 (and the tick of 31) were in the lost segment; opened once, so
// start-up recovery converts the segments around it and quarantines it.
fs::path store_with_a_lost_segment(const std::string& name) {
  const fs::path root = test::write_thirty_live_seconds(test::make_temp_dir(name), t0);
  write_lost_segment(root);
  write_next_segment(root);
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(t0 + 41 * kSec);
  RawStore store(options);
  EXPECT_EQ(store.recovery().quarantined.size(), 1u);
  EXPECT_EQ(store.recovery().wal_segments, 1u);
  return root;
}

TEST(WalSegment, ASegmentThatDoesNotDecodeTellsWhatItStillKnows) {
  const fs::path root = test::make_temp_dir("lost-remains");
  write_lost_segment(root);
  try {
    (void)wal::read_wal_segment(wal::wal_segment_path(root, kLostFirstSeq));
    FAIL() << "the second block does not decode";
  } catch (const wal::WalCorruptError& e) {
    EXPECT_EQ(e.remains().counted_inputs, 4u) << "2 decoded + 2 by the damaged block's header";
    ASSERT_EQ(e.remains().decoded.size(), 2u);
    EXPECT_EQ(ingest_seq_of(e.remains().decoded.back()), kLostFirstSeq + 1);
  }
}

TEST(LostWalSegment, IsRecordedWithTheStretchOfTheJournalItHeld) {
  const fs::path root = store_with_a_lost_segment("lost-record");
  const std::vector<LostSegment> lost = read_lost_segments(root);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].segment, "wal/00000000000000000122.wal");
  EXPECT_TRUE(fs::exists(root / lost[0].quarantined_as)) << lost[0].quarantined_as;
  EXPECT_NE(lost[0].reason.find("does not decode"), std::string::npos) << lost[0].reason;
  EXPECT_EQ(lost[0].first_seq, kLostFirstSeq);
  EXPECT_EQ(lost[0].counted_inputs, 4u);
  EXPECT_EQ(lost[0].from, t0 + 30 * kSec) << "the tick before it is the last input listed before it";
  EXPECT_EQ(lost[0].decoded_until, t0 + 30 * kSec + 3 * kSec / 4);

  std::map<std::string, DayManifest> manifests;
  const LostExtent extent =
      lost_extent(lost[0], manifest_days(root), [&](const std::string& day) -> const DayManifest& {
        return manifests.emplace(day, read_manifest(root, day)).first->second;
      });
  EXPECT_EQ(extent.from, t0 + 30 * kSec);
  EXPECT_EQ(extent.to, t0 + 31 * kSec + kSec / 2) << "the first input listed after it: the delta at 31.5 s";
  EXPECT_EQ(extent.last_seq, kNextFirstSeq - 1);
}

TEST(LostWalSegment, ARebuildOverItFailsNamingTheSegmentAndTheRange) {
  const fs::path root = store_with_a_lost_segment("lost-rebuild-fails");
  try {
    rebuild_btc(root, DamagePolicy::fail, t0 + 35 * kSec, t0 + 40 * kSec);
    FAIL() << "a rebuild over a lost WAL segment must fail";
  } catch (const RawStoreDamage& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("WAL segment wal/00000000000000000122.wal did not decode"), std::string::npos)
        << message;
    EXPECT_NE(message.find("quarantine/"), std::string::npos) << "where it is kept: " << message;
    EXPECT_NE(message.find("covers " + format_iso8601_millis(t0 + 30 * kSec) + ".." +
                           format_iso8601_millis(t0 + 31 * kSec + kSec / 2)),
              std::string::npos)
        << "the range it held: " << message;
  }
}

TEST(LostWalSegment, ToleratedItIsAGapWithTheBookNullNeverStale) {
  const fs::path root = store_with_a_lost_segment("lost-rebuild-gap");
  RawReader reader(root, DamagePolicy::tolerate);
  const auto plan = plan_rebuild(reader, "BTCUSDT", t0 + 25 * kSec, t0 + 40 * kSec);
  test::CollectVectors sink;
  app::rebuild_vectors(reader, plan, EngineConfig{}, sink);
  ASSERT_EQ(reader.skipped().size(), 1u);
  EXPECT_NE(reader.skipped().front().problem.find("wal/00000000000000000122.wal"), std::string::npos);

  EXPECT_TRUE(vector_at(sink.vectors, t0 + 30 * kSec).has(FeatureId::depth_bid_top5)) << "before the loss";
  // The deltas it held are gone and no snapshot follows: the book is unknown, not the stale one.
  for (Timestamp s = 32; s <= 40; ++s)
    EXPECT_FALSE(vector_at(sink.vectors, t0 + s * kSec).has(FeatureId::depth_bid_top5)) << "second " << s;
  // Its trade (30.75 s) is gone too: every 3 s trade window that overlaps the loss is unknown.
  EXPECT_FALSE(vector_at(sink.vectors, t0 + 32 * kSec).has(FeatureId::vwap_3s));
  EXPECT_TRUE(vector_at(sink.vectors, t0 + 35 * kSec).has(FeatureId::vwap_3s))
      << "a window after it is known again";
}

TEST(LostWalSegment, AReadThatDoesNotReachItIsNotAffected) {
  const fs::path root = store_with_a_lost_segment("lost-not-needed");
  RawReader reader(root, DamagePolicy::fail);
  std::size_t trades = 0;
  reader.read(range_query("BTCUSDT", {RawKind::trade}, t0 + 33 * kSec, t0 + 40 * kSec, ReadOrder::event_time),
              [&](EngineInput&&) { ++trades; });
  EXPECT_EQ(trades, 7u) << "33.75 s .. 39.75 s";
  reader.read(range_query("BTCUSDT", {RawKind::book_delta}, t0, t0 + 29 * kSec, ReadOrder::event_time),
              [](EngineInput&&) {});
}

TEST(LostWalSegment, StoreCheckListsItAsAKnownLoss) {
  const fs::path root = store_with_a_lost_segment("lost-check");
  const StoreAudit audit = audit_store(root);
  ASSERT_EQ(audit.lost_segments.size(), 1u);
  const std::string line = describe(audit.lost_segments.front(), root);
  EXPECT_NE(line.find("wal/00000000000000000122.wal"), std::string::npos) << line;
  EXPECT_NE(line.find(format_iso8601_millis(t0 + 30 * kSec)), std::string::npos) << line;
  EXPECT_EQ(audit.problems(), 0u) << "already in quarantine: a known loss, as a LOST file is";
}

TEST(LostWalSegment, StoreRepairRecordsTheSegmentItMoves) {
  const fs::path root = test::write_thirty_live_seconds(test::make_temp_dir("lost-repair"), t0);
  write_lost_segment(root);
  const StoreAudit before = audit_store(root);
  EXPECT_EQ(before.problems(), 1u) << "a WAL segment that does not decode";
  const auto actions = repair_store(root, before);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_NE(actions.front().reason.find("recorded as lost"), std::string::npos) << actions.front().reason;
  const std::vector<LostSegment> lost = read_lost_segments(root);
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(root / lost.front().quarantined_as, actions.front().to);
  RawReader reader(root, DamagePolicy::fail);
  EXPECT_THROW(reader.read(range_query("BTCUSDT", {RawKind::trade}, t0 + 35 * kSec, t0 + 40 * kSec,
                                       ReadOrder::event_time),
                           [](EngineInput&&) {}),
               RawStoreDamage)
      << "nothing is listed after it: its stretch runs on from the last input before it";
}

TEST(LostWalSegment, AnUnreadableRecordFailsTheReadNamingIt) {
  const fs::path root = store_with_a_lost_segment("lost-garbage-record");
  std::ofstream(lost_segments_path(root), std::ios::app) << "{not json\n";
  RawReader reader(root, DamagePolicy::tolerate);
  try {
    reader.read(range_query("BTCUSDT", {RawKind::trade}, t0, t0 + 40 * kSec, ReadOrder::journal),
                [](EngineInput&&) {});
    FAIL() << "a read must not go on as if nothing were lost";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("lost_wal_segments.jsonl line 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fsvc::parquet
