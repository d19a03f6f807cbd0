#include "adapters/parquet/store_manifest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <system_error>

#include "adapters/parquet/raw_layout.hpp"
#include "adapters/storage/crc32.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

constexpr std::string_view kManifestExtension = ".manifest";
constexpr char kSeparator = '\t';

std::string hex32(std::uint32_t value) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", value);
  return text;
}

// "published\t{path}\t{bytes}\t{crc}\t{rows}\t{min_time}\t{max_time}\t{min_seq}\t{max_seq}\t{line crc}"
// or "removed\t{path}\t{line crc}".
std::string encode_line(const std::string& path, const std::optional<FileFacts>& facts) {
  std::string line = facts ? "published" : "removed";
  line += kSeparator + path;
  if (facts) {
    for (const std::string& field :
         {std::to_string(facts->bytes), hex32(facts->crc32), std::to_string(facts->rows),
          std::to_string(facts->min_time), std::to_string(facts->max_time), std::to_string(facts->min_seq),
          std::to_string(facts->max_seq)}) {
      line += kSeparator + field;
    }
  }
  return line + kSeparator + hex32(storage::crc32(line)) + "\n";
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t end = line.find(kSeparator, start);
    fields.push_back(
        line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

template <class T>
bool parse_number(std::string_view text, T& out, int base = 10) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return !text.empty() && error == std::errc{} && end == text.data() + text.size();
}

// Applies one line to the file set; false when it is damaged.
bool apply_line(std::string_view line, DayManifest& manifest) {
  const std::size_t last = line.rfind(kSeparator);
  std::uint32_t line_crc = 0;
  if (last == std::string_view::npos || !parse_number(line.substr(last + 1), line_crc, 16) ||
      storage::crc32(line.substr(0, last)) != line_crc) {
    return false;
  }
  const auto fields = split(line.substr(0, last));
  if (fields.size() == 2 && fields[0] == "removed") {
    manifest.files.erase(std::string(fields[1]));
    return true;
  }
  FileFacts facts;
  if (fields.size() != 9 || fields[0] != "published" || !parse_number(fields[2], facts.bytes) ||
      !parse_number(fields[3], facts.crc32, 16) || !parse_number(fields[4], facts.rows) ||
      !parse_number(fields[5], facts.min_time) || !parse_number(fields[6], facts.max_time) ||
      !parse_number(fields[7], facts.min_seq) || !parse_number(fields[8], facts.max_seq)) {
    return false;
  }
  manifest.files[std::string(fields[1])] = facts;
  return true;
}

[[noreturn]] void throw_errno(int error, const std::string& what, const fs::path& path) {
  throw std::system_error(error, std::generic_category(),
                          "raw store manifest: " + what + " " + path.string());
}

// Truncates the file after its last newline (to nothing when it has none). O_APPEND writes then
// start a fresh line.
void cut_torn_tail(int fd, const fs::path& path) {
  off_t end = ::lseek(fd, 0, SEEK_END);
  if (end < 0) throw_errno(errno, "seek", path);
  char block[4096];
  while (end > 0) {
    const off_t start = std::max<off_t>(0, end - static_cast<off_t>(sizeof block));
    const ssize_t n = ::pread(fd, block, static_cast<std::size_t>(end - start), start);
    if (n != end - start) throw_errno(n < 0 ? errno : EIO, "read", path);
    const std::string_view tail(block, static_cast<std::size_t>(n));
    if (const std::size_t newline = tail.rfind('\n'); newline != std::string_view::npos) {
      end = start + static_cast<off_t>(newline) + 1;
      break;
    }
    end = start;
  }
  if (end != ::lseek(fd, 0, SEEK_END) && ::ftruncate(fd, end) != 0) throw_errno(errno, "truncate", path);
}

}  // namespace

fs::path manifest_dir(const fs::path& root) {
  return root / "manifest";
}

fs::path manifest_path(const fs::path& root, std::string_view day) {
  return manifest_dir(root) / (std::string(day) + std::string(kManifestExtension));
}

std::string store_relative(const fs::path& root, const fs::path& file) {
  return file.lexically_relative(root).generic_string();
}

DayManifest read_manifest(const fs::path& root, std::string_view day) {
  DayManifest manifest;
  std::ifstream in(manifest_path(root, day), std::ios::binary);
  if (!in) return manifest;
  manifest.exists = true;
  for (std::string line; std::getline(in, line);) {
    if (apply_line(line, manifest)) continue;
    if (in.eof()) {
      manifest.torn_tail = true;  // getline hit the end before a newline
    } else {
      ++manifest.damaged_lines;
    }
  }
  return manifest;
}

void append_manifest(const fs::path& root, std::string_view day, const std::vector<ManifestChange>& changes) {
  if (changes.empty()) return;
  std::string text;
  for (const ManifestChange& change : changes)
    text += encode_line(store_relative(root, change.file), change.facts);
  const fs::path path = manifest_path(root, day);
  const bool created = !fs::exists(path);
  if (created) fs::create_directories(path.parent_path());
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno(errno, "open", path);
  // A line a crash cut short goes before the next append, so that every complete line that fails
  // its CRC later is damage, never a crash.
  cut_torn_tail(fd, path);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw_errno(error, "write", path);
    }
    written += static_cast<std::size_t>(n);
  }
  const int rc = ::fdatasync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw_errno(error, "fdatasync", path);
  if (created) storage::fsync_folder(path.parent_path());
}

std::vector<std::string> manifest_days(const fs::path& root) {
  std::vector<std::string> days;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(manifest_dir(root), ec)) {
    const fs::path file = entry.path();
    if (file.extension() == kManifestExtension && parse_utc_day(file.stem().string()))
      days.push_back(file.stem().string());
  }
  std::sort(days.begin(), days.end());
  return days;
}

FileFacts describe_file(DuckDbSession& session, RawKind kind, const fs::path& file) {
  const std::string time = "epoch_us(" + std::string(kind_time_column(kind)) + ")";
  const auto row = session.query_ints("SELECT COUNT(*), MIN(" + time + "), MAX(" + time +
                                      "), MIN(ingest_seq), MAX(ingest_seq) FROM read_parquet(" +
                                      sql_literal(file.string()) + ")");
  FileFacts facts;
  facts.bytes = fs::file_size(file);
  facts.crc32 = storage::file_crc32(file);
  facts.rows = static_cast<std::uint64_t>(row.at(0).value_or(0));
  facts.min_time = row.at(1).value_or(0);
  facts.max_time = row.at(2).value_or(0);
  facts.min_seq = static_cast<std::uint64_t>(row.at(3).value_or(0));
  facts.max_seq = static_cast<std::uint64_t>(row.at(4).value_or(0));
  return facts;
}

}  // namespace fsvc::parquet
