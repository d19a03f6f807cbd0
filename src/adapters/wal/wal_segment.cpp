#include "adapters/wal/wal_segment.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
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

// Reads `size` bytes at `offset`; false when the file ends first.
bool read_at(int fd, char* data, std::size_t size, std::uint64_t offset, const fs::path& path) {
  while (size > 0) {
    const ssize_t n = ::pread(fd, data, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read", path);
    }
    if (n == 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
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

// A block whose header is sane and whose payload (in WalBlockReader::payload_) matches its checksum.
struct WalBlockReader::Block {
  std::uint32_t count = 0;
  std::uint64_t end = 0;  // offset of the next block
};

WalBlockReader::WalBlockReader(fs::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_errno(errno, "cannot open", path_);
  try {
    const off_t size = ::lseek(fd_, 0, SEEK_END);
    if (size < 0) throw_errno(errno, "seek", path_);
    file_size_ = static_cast<std::uint64_t>(size);
    char head[kSegmentHeaderSize];
    const std::size_t head_size = std::min<std::uint64_t>(file_size_, sizeof head);
    read_at(fd_, head, head_size, 0, path_);
    offset_ = first_block_offset(std::string_view(head, head_size), path_);
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

WalBlockReader::~WalBlockReader() {
  ::close(fd_);
}

// The block at `offset`; nullopt at the end of the file or at a block a crash tore (or damage made
// unrecognisable).
std::optional<WalBlockReader::Block> WalBlockReader::read_block(std::uint64_t offset) {
  char header[kHeaderSize];
  if (file_size_ - offset < kHeaderSize || !read_at(fd_, header, sizeof header, offset, path_))
    return std::nullopt;
  const std::uint32_t length = load_le<std::uint32_t>(header + 4);
  if (load_le<std::uint32_t>(header) != kBlockMagic || length > kMaxPayload ||
      file_size_ - offset - kHeaderSize < length) {
    return std::nullopt;
  }
  payload_.resize(length);
  if (!read_at(fd_, payload_.data(), length, offset + kHeaderSize, path_)) return std::nullopt;
  if (storage::crc32(payload_) != load_le<std::uint32_t>(header + 12)) return std::nullopt;
  return Block{load_le<std::uint32_t>(header + 8), offset + kHeaderSize + length};
}

bool WalBlockReader::next(std::vector<EngineInput>& inputs) {
  const std::optional<Block> block = read_block(offset_);
  if (!block) return false;
  const std::size_t decoded = inputs.size();
  std::size_t pos = 0;
  try {
    for (std::uint32_t i = 0; i < block->count; ++i) inputs.push_back(decode_input(payload_, pos));
    if (pos != payload_.size()) throw WalDecodeError("block has bytes after its last input");
  } catch (const std::exception& e) {
    inputs.erase(inputs.begin() + static_cast<std::ptrdiff_t>(decoded), inputs.end());
    // The damaged block's header and the intact blocks after it still say how many inputs they hold.
    auto remains = std::make_shared<WalSegmentRemains>();
    for (std::optional<Block> counted = block; counted; counted = read_block(counted->end)) {
      remains->counted_inputs += counted->count;
    }
    throw WalCorruptError("raw store WAL: " + path_.string() + ": block at byte " + std::to_string(offset_) +
                              " passed its checksum but does not decode: " + e.what(),
                          std::move(remains));
  }
  offset_ = block->end;
  return true;
}

WalSegmentContents read_wal_segment(const fs::path& path) {
  WalSegmentContents contents;
  WalBlockReader reader(path);
  try {
    while (reader.next(contents.inputs)) {
    }
  } catch (const WalCorruptError& damage) {
    auto remains = std::make_shared<WalSegmentRemains>();
    remains->counted_inputs = contents.inputs.size() + damage.remains().counted_inputs;
    remains->decoded = std::move(contents.inputs);
    throw WalCorruptError(damage.what(), std::move(remains));
  }
  contents.torn_bytes = reader.torn_bytes();
  return contents;
}

}  // namespace fsvc::wal
