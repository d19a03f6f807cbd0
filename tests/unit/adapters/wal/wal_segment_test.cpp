#include "adapters/wal/wal_segment.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <set>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "adapters/storage/crc32.hpp"
#include "adapters/wal/wal_codec.hpp"
#include "support/eventually.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"
#include "unit/adapters/parquet/raw_test_events.hpp"

namespace fsvc::parquet {
namespace {

using namespace wal;  // the segments under test; the store that converts them is parquet
using test::kDay0;

std::vector<EngineInput> trades(std::uint64_t first_seq, std::uint64_t count) {
  std::vector<EngineInput> out;
  for (std::uint64_t seq = first_seq; seq < first_seq + count; ++seq) {
    out.emplace_back(
        test::trade("BTCUSDT", kDay0 + static_cast<Timestamp>(seq), seq, "t" + std::to_string(seq)));
  }
  return out;
}

void append(WalSegmentWriter& writer, const std::vector<EngineInput>& inputs) {
  std::string payload;
  for (const EngineInput& input : inputs) encode_input(input, payload);
  writer.append_block(payload, static_cast<std::uint32_t>(inputs.size()));
}

std::vector<std::uint64_t> seqs(const std::vector<EngineInput>& inputs) {
  std::vector<std::uint64_t> out;
  for (const auto& input : inputs) out.push_back(ingest_seq_of(input));
  return out;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::multiset<std::uint64_t> stored_seqs(const fs::path& root) {
  RawReader reader(root);
  std::multiset<std::uint64_t> seen;
  reader.read(range_query("BTCUSDT", {RawKind::trade}, kDay0, kDay0 + kMicrosPerDay - 1, ReadOrder::journal),
              [&](EngineInput&& input) { seen.insert(ingest_seq_of(input)); });
  return seen;
}

RawStoreOptions options_at(const fs::path& root) {
  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  return options;
}

TEST(WalSegment, BlocksReadBackInOrder) {
  const auto root = test::make_temp_dir("wal-blocks");
  const fs::path path = wal_segment_path(root, 1);
  {
    WalSegmentWriter writer(path);
    append(writer, trades(1, 3));
    append(writer, trades(4, 2));
    EXPECT_EQ(writer.inputs(), 5u);
    EXPECT_EQ(writer.size(), fs::file_size(path));
  }
  const WalSegmentContents contents = read_wal_segment(path);
  EXPECT_EQ(seqs(contents.inputs), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(contents.inputs, trades(1, 5));
  EXPECT_EQ(contents.torn_bytes, 0u);
  EXPECT_EQ(wal_segments(root), std::vector<fs::path>{path});
  EXPECT_EQ(wal_segment_index(path), 1u);
  EXPECT_THROW(WalSegmentWriter{path}, std::exception) << "an existing segment must never be reopened";
}

// The converter reads a segment a block at a time: each next() adds exactly one block's inputs, and
// a torn tail ends the reading with its bytes counted, as read_wal_segment does.
TEST(WalSegment, TheBlockReaderHandsOutOneBlockAtATime) {
  const auto root = test::make_temp_dir("wal-block-reader");
  const fs::path path = wal_segment_path(root, 1);
  std::uint64_t first_block_end = 0;
  {
    WalSegmentWriter writer(path);
    append(writer, trades(1, 3));
    first_block_end = writer.size();
    append(writer, trades(4, 2));
  }
  write_bytes(path, file_bytes(path) + "torn");
  WalBlockReader reader(path);
  std::vector<EngineInput> inputs;
  ASSERT_TRUE(reader.next(inputs));
  EXPECT_EQ(seqs(inputs), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(reader.position(), first_block_end);
  ASSERT_TRUE(reader.next(inputs));
  EXPECT_EQ(seqs(inputs), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_FALSE(reader.next(inputs));
  EXPECT_EQ(inputs.size(), 5u);
  EXPECT_EQ(reader.torn_bytes(), 4u);
}

TEST(WalSegment, ATornLastBlockIsDroppedAtEveryCutPoint) {
  const auto root = test::make_temp_dir("wal-torn");
  const fs::path path = wal_segment_path(root, 1);
  std::uint64_t first_block = 0;
  {
    WalSegmentWriter writer(path);
    append(writer, trades(1, 2));
    first_block = writer.size();
    append(writer, trades(3, 2));
  }
  const std::string whole = file_bytes(path);
  for (std::size_t cut = first_block; cut < whole.size(); ++cut) {
    write_bytes(path, std::string_view(whole).substr(0, cut));
    const WalSegmentContents contents = read_wal_segment(path);
    ASSERT_EQ(seqs(contents.inputs), (std::vector<std::uint64_t>{1, 2})) << "cut at byte " << cut;
    EXPECT_EQ(contents.torn_bytes, cut - first_block);
  }
  // A flipped payload byte fails the checksum: the block is treated as torn, never decoded.
  std::string damaged = whole;
  damaged[damaged.size() - 3] = static_cast<char>(damaged[damaged.size() - 3] ^ 0x40);
  write_bytes(path, damaged);
  EXPECT_EQ(seqs(read_wal_segment(path).inputs), (std::vector<std::uint64_t>{1, 2}));
}

TEST(WalSegment, NamesThatAreNotSegmentsAreIgnored) {
  const auto root = test::make_temp_dir("wal-names");
  fs::create_directories(wal_dir(root));
  write_bytes(wal_dir(root) / "notes.wal", "x");
  write_bytes(wal_dir(root) / "00000000000000000001.tmp", "x");
  EXPECT_TRUE(wal_segments(root).empty());
  EXPECT_EQ(wal_segment_index(wal_dir(root) / "123.wal"), std::nullopt);
}

// A segment committed to the repository before the checksum became Boost's crc_32_type and before
// segments had a version header (the fuzz seed crafted-events.wal) reads back whole as version 1,
// and writing its inputs again, block by block, gives the same bytes after the header: the
// encoding and the blocks, checksums included, are unchanged.
TEST(WalSegment, ASegmentWithoutAVersionHeaderReadsAsVersion1AndIsRewrittenByteForByte) {
  const fs::path seed = fs::path(FS_SOURCE_DIR) / "fuzz/corpus/wal_segment_fuzzer/crafted-events.wal";
  const std::string original = file_bytes(seed);
  const WalSegmentContents contents = read_wal_segment(seed);
  ASSERT_FALSE(contents.inputs.empty());
  EXPECT_EQ(contents.torn_bytes, 0u);

  const auto root = test::make_temp_dir("wal-rewrite");
  const fs::path copy = root / "copy.wal";
  {
    WalSegmentWriter writer(copy);
    std::size_t offset = 0;
    auto next = contents.inputs.begin();
    while (offset < original.size()) {  // each block's header says how many inputs it holds
      std::uint32_t length = 0;
      std::uint32_t count = 0;
      std::memcpy(&length, original.data() + offset + 4, sizeof length);
      std::memcpy(&count, original.data() + offset + 8, sizeof count);
      append(writer, std::vector<EngineInput>(next, next + count));
      next += count;
      offset += 16 + length;
    }
  }
  const std::string rewritten = file_bytes(copy);
  ASSERT_EQ(rewritten.size(), 8 + original.size());
  EXPECT_EQ(rewritten.substr(0, 4), "FSWS");
  EXPECT_EQ(rewritten.substr(8), original);
}

// Every new segment begins with its header: the magic "FSWS" and the format version, so that a
// build whose events gained a field can still tell (and decode) the segments older builds wrote.
TEST(WalSegment, ANewSegmentBeginsWithItsFormatVersion) {
  const auto root = test::make_temp_dir("wal-version");
  const fs::path path = wal_segment_path(root, 1);
  {
    WalSegmentWriter writer(path);
    EXPECT_EQ(writer.size(), 8u) << "the header alone";
    append(writer, trades(1, 2));
  }
  const std::string bytes = file_bytes(path);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 4), "FSWS");
  std::uint32_t version = 0;
  std::memcpy(&version, bytes.data() + 4, sizeof version);
  EXPECT_EQ(version, kWalFormatVersion);
  EXPECT_EQ(read_wal_segment(path).inputs, trades(1, 2));
  // A crash between creating the file and writing its header leaves part of a header: no input,
  // and what there is counts as torn.
  for (std::size_t cut = 0; cut < 8; ++cut) {
    write_bytes(path, std::string_view(bytes).substr(0, cut));
    const WalSegmentContents contents = read_wal_segment(path);
    EXPECT_TRUE(contents.inputs.empty()) << "cut at byte " << cut;
    EXPECT_EQ(contents.torn_bytes, cut);
  }
}

// A segment from a newer build is refused with a line naming it and both versions, and left where
// it is, untouched: it is not damage, so it is neither quarantined nor recorded as lost.
TEST(WalSegment, ASegmentOfANewerFormatVersionIsRefusedAndLeftUntouched) {
  const auto root = test::make_temp_dir("wal-newer");
  const fs::path path = wal_segment_path(root, 1);
  {
    WalSegmentWriter writer(path);
    append(writer, trades(1, 2));
  }
  std::string newer = file_bytes(path);
  newer[4] = static_cast<char>(kWalFormatVersion + 1);
  write_bytes(path, newer);
  try {
    (void)read_wal_segment(path);
    FAIL() << "a newer format version was read";
  } catch (const WalVersionError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("format version " + std::to_string(kWalFormatVersion + 1)), std::string::npos)
        << message;
  }
  EXPECT_THROW(RawStore{options_at(root)}, WalVersionError);
  EXPECT_EQ(wal_segments(root), std::vector<fs::path>{path});
  EXPECT_EQ(file_bytes(path), newer);
  EXPECT_FALSE(fs::exists(root / "quarantine"));
}

TEST(StorageCrc32, IsTheIeeeCrc32) {
  EXPECT_EQ(storage::crc32("123456789"), 0xCBF43926u);  // the standard check value
  EXPECT_EQ(storage::crc32(""), 0u);
}

// What a SIGKILL leaves: a segment whose inputs were acknowledged, possibly with a torn tail.
TEST(WalSegment, OpeningTheStoreConvertsLeftoverSegmentsAndReportsTornTails) {
  const auto root = test::make_temp_dir("wal-recover");
  {
    WalSegmentWriter writer(wal_segment_path(root, 1));
    append(writer, trades(1, 3));
  }
  {
    std::ofstream tail(wal_segment_path(root, 1), std::ios::binary | std::ios::app);
    tail << "FSW1 half a block";
  }
  RawStore store(options_at(root));
  EXPECT_EQ(store.recovery().wal_segments, 1u);
  EXPECT_EQ(store.recovery().wal_torn_bytes, std::string("FSW1 half a block").size());
  EXPECT_EQ(store.recovery().max_ingest_seq, 3u);
  EXPECT_EQ(store.durable_seq(), 3u);
  EXPECT_TRUE(wal_segments(root).empty());
  EXPECT_EQ(stored_seqs(root), (std::multiset<std::uint64_t>{1, 2, 3}));
  // New inputs continue in a segment that cannot collide with the converted one's parts.
  store.append(test::trade("BTCUSDT", kDay0 + 4, 4, "t4"));
  store.flush();
  EXPECT_EQ(stored_seqs(root), (std::multiset<std::uint64_t>{1, 2, 3, 4}));
}

// A crash after a segment's parts were published but before the segment was deleted: converting
// it again must replace those parts, not add a second copy of its rows.
TEST(WalSegment, ConvertingASegmentTwiceStoresItsRowsOnce) {
  const auto root = test::make_temp_dir("wal-twice");
  {
    WalSegmentWriter writer(wal_segment_path(root, 1));
    append(writer, trades(1, 3));
  }
  const std::string segment = file_bytes(wal_segment_path(root, 1));
  { RawStore first(options_at(root)); }
  write_bytes(wal_segment_path(root, 1), segment);
  RawStore second(options_at(root));
  EXPECT_EQ(second.recovery().wal_segments, 1u);
  EXPECT_EQ(stored_seqs(root), (std::multiset<std::uint64_t>{1, 2, 3}));
}

TEST(WalSegment, ASegmentThatPassesItsChecksumButDoesNotDecodeIsQuarantined) {
  const auto root = test::make_temp_dir("wal-corrupt");
  {
    WalSegmentWriter writer(wal_segment_path(root, 1));
    writer.append_block("\x09 not an input", 1);  // intact framing, unknown input tag
  }
  EXPECT_THROW(read_wal_segment(wal_segment_path(root, 1)), WalCorruptError);
  RawStore store(options_at(root));
  ASSERT_EQ(store.recovery().quarantined.size(), 1u);
  EXPECT_EQ(store.recovery().quarantined.front().parent_path(), root / "quarantine");
  EXPECT_TRUE(wal_segments(root).empty());
}

// Live, too: the segment is set aside once and reported, not retried for ever.
TEST(WalSegment, ALiveSegmentThatDoesNotDecodeIsQuarantinedOnce) {
  const auto root = test::make_temp_dir("wal-corrupt-live");
  const fs::path scratch = test::make_temp_dir("wal-corrupt-live-scratch") / "bad.wal";
  {
    WalSegmentWriter writer(scratch);
    writer.append_block("\x09 not an input", 1);
  }
  RawStoreOptions options = options_at(root);
  options.flush_rows = 1;
  options.segment_age = std::chrono::hours(1);
  options.convert_retry = std::chrono::milliseconds(1);
  RawStore store(options);
  store.append(test::trade("BTCUSDT", kDay0 + 1, 1, "t1"));
  ASSERT_TRUE(test::eventually([&] { return store.durable_seq() == 1; }));
  const std::vector<fs::path> open = wal_segments(root);
  ASSERT_EQ(open.size(), 1u);
  write_bytes(open.front(), file_bytes(scratch));  // damaged in place while still open

  EXPECT_THROW(store.flush(), std::runtime_error);
  EXPECT_NE(store.last_error().find("does not decode"), std::string::npos) << store.last_error();
  ASSERT_EQ(store.quarantined_since_start().size(), 1u);
  EXPECT_EQ(store.quarantined_since_start().front().parent_path(), root / "quarantine");
  EXPECT_TRUE(wal_segments(root).empty());

  store.append(test::trade("BTCUSDT", kDay0 + 2, 2, "t2"));
  store.flush();  // nothing left to retry: later rounds succeed
  EXPECT_EQ(store.last_error(), "");
  // The lost segment is recorded: a read over it reports it (here as a gap) around what was stored.
  RawReader reader(root, DamagePolicy::tolerate);
  std::multiset<std::uint64_t> seen;
  reader.read(range_query("BTCUSDT", {RawKind::trade}, kDay0, kDay0 + kMicrosPerDay - 1, ReadOrder::journal),
              [&](EngineInput&& input) { seen.insert(ingest_seq_of(input)); });
  EXPECT_EQ(seen, (std::multiset<std::uint64_t>{2}));
  ASSERT_EQ(reader.skipped().size(), 1u);
  EXPECT_EQ(reader.skipped().front().file, store.quarantined_since_start().front());
}

}  // namespace
}  // namespace fsvc::parquet
