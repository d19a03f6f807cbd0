#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc::wal {

namespace fs = std::filesystem;

// The raw store's write-ahead log: inputs become durable by being appended here (one fdatasync per
// write round), and are turned into Parquet parts later, a whole segment at a time. Segment files
// are {raw}/wal/{first ingest_seq, 20 digits}.wal, so their names sort in journal order.
fs::path wal_dir(const fs::path& root);
fs::path wal_segment_path(const fs::path& root, std::uint64_t first_seq);
// The first ingest_seq a segment's name gives (nullopt: not a segment's name).
std::optional<std::uint64_t> wal_segment_index(const fs::path& segment);
// The segment files that exist, oldest first.
std::vector<fs::path> wal_segments(const fs::path& root);

// The format of the inputs in a segment (wal_codec.hpp). A segment file begins with a header (magic,
// format version) written before its first block, so that a build whose event types gained a field
// can tell the segments it wrote from older ones and still decode those. Segments written before
// the header existed begin with their first block and are version 1.
inline constexpr std::uint32_t kWalFormatVersion = 1;

// Appends blocks to one segment file, after its header. A block is framed by a header (magic,
// payload length, input count, CRC-32 of the payload), so a reader can tell a complete block from
// one torn by a crash.
class WalSegmentWriter {
 public:
  // Creates the file (it must not exist) with its header, and makes both durable.
  explicit WalSegmentWriter(fs::path path);
  ~WalSegmentWriter();
  WalSegmentWriter(const WalSegmentWriter&) = delete;
  WalSegmentWriter& operator=(const WalSegmentWriter&) = delete;

  // Writes one block and returns once it is on disk. On failure it cuts the file back to its
  // last complete block (so a later block can follow it) and throws with the path and the cause.
  void append_block(std::string_view payload, std::uint32_t count);

  const fs::path& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  std::uint64_t inputs() const { return inputs_; }

 private:
  fs::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;  // bytes of the header and the complete blocks
  std::uint64_t inputs_ = 0;
};

// What a segment that does not decode still tells about itself: the blocks before the damaged one
// decode, and every block whose checksum is intact (the damaged one included) states in its header
// how many inputs it holds.
struct WalSegmentRemains {
  std::vector<EngineInput> decoded;  // the inputs of the blocks before the damaged one
  std::uint64_t counted_inputs = 0;  // by the headers of every intact block
};

// A block whose checksum is intact but whose inputs do not decode: not a torn write, so retrying
// cannot help; the segment is set aside for inspection, and what it still tells goes with it.
class WalCorruptError : public std::runtime_error {
 public:
  WalCorruptError(const std::string& message, std::shared_ptr<const WalSegmentRemains> remains)
      : std::runtime_error(message), remains_(std::move(remains)) {}
  const WalSegmentRemains& remains() const { return *remains_; }

 private:
  std::shared_ptr<const WalSegmentRemains> remains_;  // shared: copying an exception must not throw
};

// A segment written by a newer build (a format version this one cannot decode). Not damage: the
// segment is left where it is, untouched, for that build to convert.
class WalVersionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WalSegmentContents {
  std::vector<EngineInput> inputs;
  // Bytes after the last complete block: a write the crash interrupted, never reported durable.
  std::uint64_t torn_bytes = 0;
};

// Reads a segment one complete block at a time, so that a converter holds one write round's bytes
// (plus what it batches) rather than the whole file. Stops at the first torn block, like
// read_wal_segment, and throws what it throws (a WalCorruptError's remains count the inputs of the
// damaged block and the intact ones after it; the inputs decoded before it are the caller's).
class WalBlockReader {
 public:
  explicit WalBlockReader(fs::path path);  // reads and checks the segment's header
  ~WalBlockReader();
  WalBlockReader(const WalBlockReader&) = delete;
  WalBlockReader& operator=(const WalBlockReader&) = delete;

  // Appends the inputs of the next complete block to `inputs`; false at the end of the complete blocks.
  bool next(std::vector<EngineInput>& inputs);
  // Bytes after the last complete block (once next() returned false).
  std::uint64_t torn_bytes() const { return file_size_ - offset_; }
  // Where the next block starts: the bytes of the header and the blocks read so far.
  std::uint64_t position() const { return offset_; }

 private:
  struct Block;
  std::optional<Block> read_block(std::uint64_t offset);

  fs::path path_;
  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::uint64_t offset_ = 0;  // of the next block
  std::string payload_;       // the current block's, reused
};

// Reads the complete blocks of a segment, in order, up to the first torn or damaged one. Throws
// WalCorruptError (naming the file and offset) when a block whose checksum is intact does not
// decode, which no crash can cause, and WalVersionError (naming the file and both versions) when
// its header states a format version other than 1..kWalFormatVersion.
WalSegmentContents read_wal_segment(const fs::path& path);

}  // namespace fsvc::wal
