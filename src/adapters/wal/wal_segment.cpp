#include "adapters/wal/wal_segment.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "adapters/storage/crc32.hpp"
#include "adapters/storage/durable_file.hpp"
#include "adapters/wal/little_endian.hpp"
#include "adapters/wal/wal_codec.hpp"

namespace fsvc::wal {

namespace {

constexpr std::uint32_t kSegmentMagic = 0x53575346;  // "FSWS" little-endian
constexpr std::size_t kSegmentHeaderSize = 8;        // magic, format version
constexpr std::uint32_t kBlockMagic = 0x31575346;    // "FSW1" little-endian
constexpr std::size_t kHeaderSize = 16;              // magic, payload length, input count, CRC-32
// No write round comes near this; a larger length read back can only be damage.
constexpr std::uint32_t kMaxPayload = 1U << 30;
constexpr std::string_view kSegmentExtension = ".wal";

[[noreturn]] void throw_errno(int error, const std::string& what, const fs::path& path) {
  throw std::system_error(error, std::generic_category(), "raw store WAL: " + what + " " + path.string());
}

void write_all(int fd, const char* data, std::size_t size, const fs::path& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "write", path);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// A block at `offset` whose header is sane and whose payload matches its checksum; nullopt at the
// end of the file or at a block a crash tore (or damage made unrecognisable).
struct IntactBlock {
  std::string_view payload;
  std::uint32_t count = 0;
  std::size_t end = 0;  // offset of the next block
};

std::optional<IntactBlock> intact_block(std::string_view bytes, std::size_t offset) {
  if (bytes.size() - offset < kHeaderSize) return std::nullopt;
  const char* header = bytes.data() + offset;
  const std::uint32_t length = load_le<std::uint32_t>(header + 4);
  if (load_le<std::uint32_t>(header) != kBlockMagic || length > kMaxPayload ||
      bytes.size() - offset - kHeaderSize < length) {
    return std::nullopt;
  }
  const std::string_view payload = bytes.substr(offset + kHeaderSize, length);
  if (storage::crc32(payload) != load_le<std::uint32_t>(header + 12)) return std::nullopt;
  return IntactBlock{payload, load_le<std::uint32_t>(header + 8), offset + kHeaderSize + length};
}

// Where a segment's first block starts, after checking the version its header states. A file
// shorter than the header that begins like one is a creation the crash interrupted: from 0, no
// block is found and every byte counts as torn.
std::size_t first_block_offset(std::string_view bytes, const fs::path& path) {
  char magic[4];
  store_le<std::uint32_t>(magic, kSegmentMagic);
  const std::string_view head = bytes.substr(0, std::min(bytes.size(), sizeof magic));
  if (head != std::string_view(magic, head.size())) return 0;  // version 1, from before the header
  if (bytes.size() < kSegmentHeaderSize) return 0;
  const std::uint32_t version = load_le<std::uint32_t>(bytes.data() + 4);
  if (version < 1 || version > kWalFormatVersion) {
    throw WalVersionError("raw store WAL: " + path.string() + " is in format version " +
                          std::to_string(version) + ", this build reads versions 1 to " +
                          std::to_string(kWalFormatVersion) +
                          ": convert it with the build that wrote it (the segment is left untouched)");
  }
  return kSegmentHeaderSize;
}

}  // namespace

fs::path wal_dir(const fs::path& root) {
  return root / "wal";
}

fs::path wal_segment_path(const fs::path& root, std::uint64_t first_seq) {
  char name[40];
  std::snprintf(name, sizeof name, "%020llu.wal", static_cast<unsigned long long>(first_seq));
  return wal_dir(root) / name;
}

std::optional<std::uint64_t> wal_segment_index(const fs::path& segment) {
  if (segment.extension() != kSegmentExtension) return std::nullopt;
  const std::string stem = segment.stem().string();
  std::uint64_t index = 0;
  const auto [end, error] = std::from_chars(stem.data(), stem.data() + stem.size(), index);
  if (stem.size() != 20 || error != std::errc{} || end != stem.data() + stem.size()) return std::nullopt;
  return index;
}

std::vector<fs::path> wal_segments(const fs::path& root) {
  std::vector<fs::path> segments;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(wal_dir(root), ec)) {
    if (wal_segment_index(entry.path())) segments.push_back(entry.path());
  }
  std::sort(segments.begin(), segments.end());
  return segments;
}

WalSegmentWriter::WalSegmentWriter(fs::path path) : path_(std::move(path)) {
  fs::create_directories(path_.parent_path());
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_errno(errno, "create", path_);
  try {
    char header[kSegmentHeaderSize];
    store_le<std::uint32_t>(header, kSegmentMagic);
    store_le<std::uint32_t>(header + 4, kWalFormatVersion);
    write_all(fd_, header, sizeof header, path_);
    if (::fdatasync(fd_) != 0) throw_errno(errno, "fdatasync", path_);
    size_ = sizeof header;
    storage::fsync_folder(path_.parent_path());
  } catch (...) {
    // Gone again, so that the round retried later (disk full) can create it under the same name.
    ::close(fd_);
    ::unlink(path_.c_str());
    throw;
  }
}

WalSegmentWriter::~WalSegmentWriter() {
  ::close(fd_);
}

void WalSegmentWriter::append_block(std::string_view payload, std::uint32_t count) {
  if (payload.size() > kMaxPayload) {
    throw std::length_error("raw store WAL: a write round of " + std::to_string(payload.size()) +
                            " bytes exceeds the block limit, in " + path_.string());
  }
  char header[kHeaderSize];
  store_le<std::uint32_t>(header, kBlockMagic);
  store_le<std::uint32_t>(header + 4, static_cast<std::uint32_t>(payload.size()));
  store_le<std::uint32_t>(header + 8, count);
  store_le<std::uint32_t>(header + 12, storage::crc32(payload));
  try {
    write_all(fd_, header, sizeof header, path_);
    write_all(fd_, payload.data(), payload.size(), path_);
    if (::fdatasync(fd_) != 0) throw_errno(errno, "fdatasync", path_);
  } catch (...) {
    // Best effort: a torn block left in the middle would hide every block written after it.
    // If this fails too, readers still stop at the torn block, and only this round is lost.
    [[maybe_unused]] const int rc = ::ftruncate(fd_, static_cast<off_t>(size_));
    throw;
  }
  size_ += sizeof header + payload.size();
  inputs_ += count;
}

WalSegmentContents read_wal_segment(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("raw store WAL: cannot open " + path.string());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  WalSegmentContents contents;
  std::size_t offset = first_block_offset(bytes, path);
  while (const std::optional<IntactBlock> block = intact_block(bytes, offset)) {
    const std::size_t decoded = contents.inputs.size();
    std::size_t pos = 0;
    try {
      for (std::uint32_t i = 0; i < block->count; ++i)
        contents.inputs.push_back(decode_input(block->payload, pos));
      if (pos != block->payload.size()) throw WalDecodeError("block has bytes after its last input");
    } catch (const std::exception& e) {
      auto remains = std::make_shared<WalSegmentRemains>();
      contents.inputs.erase(contents.inputs.begin() + static_cast<std::ptrdiff_t>(decoded),
                            contents.inputs.end());
      remains->decoded = std::move(contents.inputs);
      remains->counted_inputs = decoded;
      // The damaged block's header and the intact blocks after it still say how many inputs they hold.
      std::optional<IntactBlock> counted = block;
      while (counted) {
        remains->counted_inputs += counted->count;
        counted = intact_block(bytes, counted->end);
      }
      throw WalCorruptError("raw store WAL: " + path.string() + ": block at byte " + std::to_string(offset) +
                                " passed its checksum but does not decode: " + e.what(),
                            std::move(remains));
    }
    offset = block->end;
  }
  contents.torn_bytes = bytes.size() - offset;
  return contents;
}

}  // namespace fsvc::wal
