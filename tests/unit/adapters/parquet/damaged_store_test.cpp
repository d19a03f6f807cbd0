// A damaged raw store never gives wrong data: a rebuild over a damaged or missing file fails naming
// it, or (tolerate) rebuilds around it with the features that depended on it null, never stale;
// `store check` finds every kind of damage and `store repair` moves exactly the damaged files.
#include <gtest/gtest.h>

#include <fstream>

#include "adapters/parquet/raw_store.hpp"
#include "adapters/parquet/store_audit.hpp"
#include "adapters/wal/wal_segment.hpp"
#include "app/store_rebuild.hpp"
#include "live_store_fixture.hpp"
#include "rebuild_fixture.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;
using test::rebuild_btc;
using test::vector_at;
constexpr Timestamp kSec = kMicrosPerSecond;
const Timestamp t0 = kDay0 + 10 * kMicrosPerHour;
const char* const kDay = "2025-01-27";

fs::path live_store() {
  return test::write_thirty_live_seconds(test::make_temp_dir("damaged-store"), t0);
}

// The second of the three parts of a dataset (seconds 11-20).
fs::path middle_part(const fs::path& root, RawKind kind) {
  const auto files = symbol_files(day_dir(root, kind, kDay), "BTCUSDT");
  EXPECT_EQ(files.size(), 3u);
  return files.at(1);
}

bool same(const std::vector<FeatureVector>& a, const std::vector<FeatureVector>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].as_of != b[i].as_of || a[i].present != b[i].present || a[i].values != b[i].values) return false;
  }
  return true;
}

void truncate_half(const fs::path& file) {
  fs::resize_file(file, fs::file_size(file) / 2);
}

// Flips one bit in the middle of the file: the size stays, the content does not.
void flip_bit(const fs::path& file) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  const auto middle = static_cast<std::streamoff>(fs::file_size(file) / 2);
  io.seekg(middle);
  char byte = 0;
  io.get(byte);
  io.seekp(middle);
  io.put(static_cast<char>(byte ^ 0x10));
}

struct Damage {
  const char* name;
  void (*apply)(const fs::path&);
  const char* problem;  // what the verdict says
};
const Damage kDamages[] = {
    {"truncated", truncate_half, "truncated"},
    {"bit-flipped", flip_bit, "checksum mismatch"},
    {"deleted", [](const fs::path& file) { fs::remove(file); }, "missing"},
    {"zero-length", [](const fs::path& file) { fs::resize_file(file, 0); }, "empty (0 bytes)"},
};

class DamagedStore : public ::testing::TestWithParam<Damage> {};

TEST_P(DamagedStore, RebuildFailsNamingTheFileAndTheRange) {
  const auto root = live_store();
  const fs::path file = middle_part(root, RawKind::book_delta);
  GetParam().apply(file);
  try {
    rebuild_btc(root, DamagePolicy::fail, t0 + 5 * kSec, t0 + 25 * kSec);
    FAIL() << "a rebuild over a " << GetParam().name << " file must fail";
  } catch (const RawStoreDamage& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(store_relative(root, file)), std::string::npos) << message;
    EXPECT_NE(message.find(GetParam().problem), std::string::npos) << message;
    EXPECT_NE(message.find("covers " + format_iso8601_millis(t0 + 10 * kSec + kSec / 2)), std::string::npos)
        << "the range the file held: " << message;
  }
}

TEST_P(DamagedStore, ToleratedBookGapIsNullUntilASnapshotNeverStale) {
  const auto root = live_store();
  const auto intact = rebuild_btc(root, DamagePolicy::fail, t0 + 5 * kSec, t0 + 25 * kSec);
  GetParam().apply(middle_part(root, RawKind::book_delta));
  const auto tolerated = rebuild_btc(root, DamagePolicy::tolerate, t0 + 5 * kSec, t0 + 25 * kSec);
  ASSERT_EQ(tolerated.size(), intact.size());
  // Before the first missing delta (10.5 s) nothing changes.
  EXPECT_TRUE(vector_at(tolerated, t0 + 10 * kSec).has(FeatureId::depth_bid_top5));
  EXPECT_EQ(vector_at(tolerated, t0 + 10 * kSec).values, vector_at(intact, t0 + 10 * kSec).values);
  // From then on the book is unknown (no snapshot follows), where it used to be the stale one.
  for (Timestamp s = 11; s <= 25; ++s) {
    EXPECT_TRUE(vector_at(intact, t0 + s * kSec).has(FeatureId::depth_bid_top5));
    EXPECT_FALSE(vector_at(tolerated, t0 + s * kSec).has(FeatureId::depth_bid_top5)) << s << " s";
    EXPECT_FALSE(vector_at(tolerated, t0 + s * kSec).has(FeatureId::mid_price)) << s << " s";
  }
  // Trades were not damaged.
  EXPECT_EQ(vector_at(tolerated, t0 + 25 * kSec).get(FeatureId::volume_1m),
            vector_at(intact, t0 + 25 * kSec).get(FeatureId::volume_1m));
}

TEST_P(DamagedStore, StoreCheckFindsItAndRepairMovesIt) {
  const auto root = live_store();
  EXPECT_EQ(audit_store(root).problems(), 0u) << "an intact store passes";
  const fs::path file = middle_part(root, RawKind::trade);
  GetParam().apply(file);

  const StoreAudit audit = audit_store(root);
  EXPECT_EQ(audit.problems(), 1u);
  const auto verdict = std::find_if(audit.files.begin(), audit.files.end(),
                                    [&](const FileVerdict& v) { return v.file == file; });
  ASSERT_NE(verdict, audit.files.end());
  EXPECT_NE(verdict->problem.find(GetParam().problem), std::string::npos) << verdict->problem;

  const auto before_repair = rebuild_btc(root, DamagePolicy::tolerate, t0 + 5 * kSec, t0 + 25 * kSec);
  const auto actions = repair_store(root, audit);
  const bool present = verdict->present;
  ASSERT_EQ(actions.size(), present ? 1u : 0u) << "only a present file can be moved";
  if (present) {
    EXPECT_EQ(actions[0].from, file);
    EXPECT_TRUE(fs::exists(actions[0].to));
    EXPECT_EQ(actions[0].to.parent_path(), root / "quarantine");
    EXPECT_FALSE(fs::exists(file));
    const StoreAudit after = audit_store(root);
    EXPECT_EQ(after.problems(), 0u) << "a quarantined file is a known loss, not a new problem";
    EXPECT_EQ(repair_store(root, after).size(), 0u) << "repair is idempotent";
  }
  // After the repair a rebuild still names the loss, and a tolerant one gives the same vectors.
  EXPECT_THROW(rebuild_btc(root, DamagePolicy::fail, t0 + 5 * kSec, t0 + 25 * kSec), RawStoreDamage);
  EXPECT_TRUE(same(rebuild_btc(root, DamagePolicy::tolerate, t0 + 5 * kSec, t0 + 25 * kSec), before_repair));
}

INSTANTIATE_TEST_SUITE_P(EachDamage, DamagedStore, ::testing::ValuesIn(kDamages), [](const auto& info) {
  std::string name = info.param.name;
  std::erase(name, '-');
  return name;
});

TEST(DamagedStoreGaps, MissingTradesNullEveryWindowThatOverlapsThem) {
  const auto root = live_store();
  const auto intact = rebuild_btc(root, DamagePolicy::fail, t0 + 5 * kSec, t0 + 30 * kSec);
  fs::remove(middle_part(root, RawKind::trade));  // the trades of 10.75 s .. 19.75 s
  const auto tolerated = rebuild_btc(root, DamagePolicy::tolerate, t0 + 5 * kSec, t0 + 30 * kSec);
  // Windows that end before the gap are as they were.
  EXPECT_EQ(vector_at(tolerated, t0 + 10 * kSec).values, vector_at(intact, t0 + 10 * kSec).values);
  // (9, 12]: overlaps the gap; unknown rather than one trade short.
  EXPECT_FALSE(vector_at(tolerated, t0 + 12 * kSec).has(FeatureId::volume_3s));
  EXPECT_FALSE(vector_at(tolerated, t0 + 12 * kSec).has(FeatureId::trade_count_3s));
  EXPECT_TRUE(vector_at(intact, t0 + 12 * kSec).has(FeatureId::volume_3s));
  // (20, 23] lies after the gap: known again; (8, 23] and the minute still overlap it.
  EXPECT_EQ(vector_at(tolerated, t0 + 23 * kSec).get(FeatureId::volume_3s),
            vector_at(intact, t0 + 23 * kSec).get(FeatureId::volume_3s));
  EXPECT_FALSE(vector_at(tolerated, t0 + 23 * kSec).has(FeatureId::volume_15s));
  EXPECT_FALSE(vector_at(tolerated, t0 + 23 * kSec).has(FeatureId::volume_1m));
  // The book was not damaged.
  EXPECT_EQ(vector_at(tolerated, t0 + 23 * kSec).get(FeatureId::mid_price),
            vector_at(intact, t0 + 23 * kSec).get(FeatureId::mid_price));
}

TEST(DamagedStoreGaps, AFileOutsideTheReadIsNotNeeded) {
  const auto root = live_store();
  fs::remove(middle_part(root, RawKind::trade));  // 10.75 s .. 19.75 s
  // A rebuild of [25 s, 30 s] replays from 5 min before 25 s: the gap is inside the replay.
  EXPECT_THROW(rebuild_btc(root, DamagePolicy::fail, t0 + 25 * kSec, t0 + 30 * kSec), RawStoreDamage);
  // A plain read of the last ten trades (20.75 s .. 29.75 s) does not need the file at all.
  RawReader reader(root);
  std::size_t inputs = 0;
  reader.read(range_query("BTCUSDT", {RawKind::trade}, t0 + 20 * kSec + kSec / 2, t0 + 30 * kSec,
                          ReadOrder::event_time),
              [&](EngineInput&&) { ++inputs; });
  EXPECT_EQ(inputs, 10u);
}

TEST(DamagedStoreGaps, StoreCheckVerifiesOrderSequenceAndWal) {
  const auto root = live_store();
  const StoreAudit audit = audit_store(root);
  EXPECT_EQ(audit.problems(), 0u);
  EXPECT_EQ(audit.files.size(), 1u + 3 * 3) << "one snapshot part, three parts each of deltas, trades, ticks";
  EXPECT_TRUE(audit.sequence_breaks.empty()) << "u runs 1, 2, ... 31";
  EXPECT_TRUE(audit.notes.empty());

  // Lose the middle deltas and their manifest line too: only the book sequence still tells.
  const fs::path deltas = middle_part(root, RawKind::book_delta);
  fs::remove(deltas);
  std::ofstream(manifest_path(root, kDay), std::ios::app)
      << "removed\t" << store_relative(root, deltas) << "\tnot-a-c";  // a torn last line: ignored, noted
  const StoreAudit after = audit_store(root);
  EXPECT_EQ(after.problems(), 1u) << "the manifest still lists the file";
  ASSERT_EQ(after.sequence_breaks.size(), 1u);
  EXPECT_EQ(after.sequence_breaks[0].first_u, 22);
  EXPECT_EQ(after.sequence_breaks[0].previous_u, 11);
  EXPECT_EQ(after.notes.size(), 1u) << "the torn manifest line";

  // A WAL segment whose block checksum holds but does not decode is damage; repair moves it.
  fs::create_directories(wal::wal_dir(root));
  const fs::path segment = wal::wal_segment_path(root, 999);
  { wal::WalSegmentWriter(segment).append_block("\x09 not an input", 1); }  // intact framing, unknown tag
  const StoreAudit with_wal = audit_store(root);
  ASSERT_EQ(with_wal.wal.size(), 1u);
  EXPECT_FALSE(with_wal.wal[0].problem.empty());
  EXPECT_EQ(with_wal.problems(), 2u);
  const auto actions = repair_store(root, with_wal);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].from, segment);
}

TEST(StoreManifest, ListsEveryPublishedFileAndFollowsCompaction) {
  const auto root = live_store();
  const DayManifest manifest = read_manifest(root, kDay);
  ASSERT_TRUE(manifest.exists);
  EXPECT_EQ(manifest.files.size(), 10u);
  const auto& facts = manifest.files.at(store_relative(root, middle_part(root, RawKind::trade)));
  EXPECT_EQ(facts.rows, 10u);
  EXPECT_EQ(facts.min_time, t0 + 10 * kSec + 3 * kSec / 4);
  EXPECT_EQ(facts.max_time, t0 + 19 * kSec + 3 * kSec / 4);
  DuckDbSession session;
  EXPECT_EQ(describe_file(session, RawKind::trade, middle_part(root, RawKind::trade)), facts);

  // Compaction replaces the parts by one day file in the manifest too.
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0 + 2 * kMicrosPerDay);
  RawStore(options).compact_closed_days();
  const DayManifest compacted = read_manifest(root, kDay);
  EXPECT_EQ(compacted.files.size(), 4u);
  EXPECT_EQ(compacted.files.at("trades/2025-01-27/BTCUSDT.parquet").rows, 30u);
  EXPECT_EQ(audit_store(root).problems(), 0u);
}

// The manifest is what lets a read notice a lost file, so a damaged manifest is damage too: a read
// of its day fails naming it (or, tolerated, reports gaps), `store check` names it, and `store repair`
// moves no data file for it.
std::string manifest_text(const fs::path& root) {
  std::ifstream in(manifest_path(root, kDay), std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_manifest(const fs::path& root, const std::string& text) {
  std::ofstream(manifest_path(root, kDay), std::ios::binary | std::ios::trunc) << text;
}

std::string rebuild_error(const fs::path& root) {
  try {
    rebuild_btc(root, DamagePolicy::fail, t0 + 5 * kSec, t0 + 25 * kSec);
  } catch (const RawStoreDamage& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kManifestName = "manifest/2025-01-27.manifest";

TEST(DamagedManifest, GarbageLinesFailTheReadAndTheCheckNamingTheManifest) {
  const auto root = live_store();
  write_manifest(root, "\x01\xff garbage that is no line of ours\n" + manifest_text(root));
  EXPECT_NE(rebuild_error(root).find(kManifestName + " has 1 damaged line(s)"), std::string::npos)
      << rebuild_error(root);
  const StoreAudit audit = audit_store(root);
  EXPECT_EQ(audit.problems(), 1u);
  ASSERT_EQ(audit.manifest_problems.size(), 1u);
  EXPECT_EQ(audit.manifest_problems[0].rfind(kManifestName + ": 1 damaged line(s)", 0), 0u)
      << audit.manifest_problems[0];
  EXPECT_TRUE(repair_store(root, audit).empty()) << "the data files may be intact: nothing is moved";
  // Tolerated, nothing of that day is trusted: every file the read needs is a gap, none is read.
  RawReader reader(root, DamagePolicy::tolerate);
  std::size_t inputs = 0;
  std::vector<DataGap> gaps;
  reader.read(
      range_query("BTCUSDT", {RawKind::trade, RawKind::book_delta}, t0, t0 + 30 * kSec, ReadOrder::journal),
      [&](EngineInput&&) { ++inputs; }, [&](const DataGap& gap) { gaps.push_back(gap); });
  EXPECT_EQ(inputs, 0u);
  EXPECT_EQ(gaps.size(), 6u) << "three parts each of trades and deltas";
  EXPECT_EQ(reader.skipped().size(), 6u);
}

TEST(DamagedManifest, AWhollyGarbageManifestIsNamedToo) {
  const auto root = live_store();
  std::string garbage = manifest_text(root);
  for (char& c : garbage) c = c == '\n' ? '\n' : static_cast<char>(c ^ 0x5a);
  write_manifest(root, garbage);
  EXPECT_NE(rebuild_error(root).find(kManifestName), std::string::npos) << rebuild_error(root);
  ASSERT_EQ(audit_store(root).manifest_problems.size(), 1u);
}

// Cut at a line boundary (a file lost from the manifest, and maybe from the disk, unnoticed) and
// cut in the middle of a line (the same, plus a torn tail).
TEST(DamagedManifest, ATruncatedManifestNamesItselfAndTheFilesItNoLongerLists) {
  for (const bool mid_line : {false, true}) {
    const auto root = live_store();
    const std::string text = manifest_text(root);
    std::size_t cut = text.find('\n', text.size() / 2) + 1;
    if (mid_line) cut += 5;
    write_manifest(root, text.substr(0, cut));
    const std::string error = rebuild_error(root);
    EXPECT_NE(error.find("not in the manifest " + kManifestName), std::string::npos) << error;
    EXPECT_NE(error.find("the manifest lost lines"), std::string::npos) << error;
    const StoreAudit audit = audit_store(root);
    EXPECT_FALSE(audit.manifest_problems.empty());
    EXPECT_EQ(audit.problems(), audit.manifest_problems.size()) << "no data file is damaged";
    for (const std::string& problem : audit.manifest_problems)
      EXPECT_NE(problem.find("not in the manifest " + kManifestName), std::string::npos) << problem;
    EXPECT_TRUE(repair_store(root, audit).empty());
  }
}

// Lines intact but about other content (a manifest restored from the wrong backup): each file is
// checked against what is listed for it and named.
TEST(DamagedManifest, AMismatchingManifestNamesTheFileItDisagreesWith) {
  const auto root = live_store();
  const fs::path deltas = middle_part(root, RawKind::book_delta);
  DuckDbSession session;
  append_manifest(root, kDay,
                  {{deltas, describe_file(session, RawKind::trade, middle_part(root, RawKind::trade))}});
  const std::string error = rebuild_error(root);
  EXPECT_NE(error.find(store_relative(root, deltas)), std::string::npos) << error;
  EXPECT_NE(error.find("the manifest lists"), std::string::npos) << error;
  const StoreAudit audit = audit_store(root);
  EXPECT_EQ(audit.problems(), 1u);
  EXPECT_TRUE(audit.manifest_problems.empty());
}

// What a crash leaves (an append cut short) is no damage, and the next append removes it.
TEST(DamagedManifest, ATornTailIsACrashAndTheNextAppendCutsItOff) {
  const auto root = live_store();
  const std::string intact = manifest_text(root);
  write_manifest(root, intact + "published\ttrades/2025-01-27/BTCUSDT.part-0000");
  EXPECT_TRUE(read_manifest(root, kDay).torn_tail);
  EXPECT_EQ(read_manifest(root, kDay).damaged_lines, 0u);
  EXPECT_EQ(audit_store(root).problems(), 0u);
  EXPECT_EQ(rebuild_error(root), "(no error)");

  const fs::path trades = middle_part(root, RawKind::trade);
  DuckDbSession session;
  append_manifest(root, kDay, {{trades, describe_file(session, RawKind::trade, trades)}});
  const DayManifest after = read_manifest(root, kDay);
  EXPECT_FALSE(after.torn_tail);
  EXPECT_EQ(after.damaged_lines, 0u);
  EXPECT_EQ(manifest_text(root).rfind(intact, 0), 0u) << "the intact lines stay as they were";
}

}  // namespace
}  // namespace fsvc::parquet
