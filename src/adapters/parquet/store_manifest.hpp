#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_schema.hpp"

namespace fsvc::parquet {

namespace fs = std::filesystem;

// What a raw-store file held when the store published it: enough to tell later that it is gone,
// cut short or altered, and which stretch of input a lost file covered.
struct FileFacts {
  std::uint64_t bytes = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t rows = 0;
  Timestamp min_time = 0;  // of the partition time column (exchange_ts, boundary for ticks)
  Timestamp max_time = 0;
  std::uint64_t min_seq = 0;  // ingest_seq
  std::uint64_t max_seq = 0;
  friend bool operator==(const FileFacts&, const FileFacts&) = default;
};

// The files of one UTC day (every dataset) that should exist: {raw}/manifest/{YYYY-MM-DD}.manifest,
// an append-only log of "published" and "replaced" lines (each with its own CRC, so a line a crash
// cut short is recognised). The store appends a file's line after publishing it and before
// deleting what it was made from (a WAL segment, compacted parts), so a crash leaves at worst a
// file that is present but not listed yet, and start-up recovery redoes that step.
fs::path manifest_dir(const fs::path& root);
fs::path manifest_path(const fs::path& root, std::string_view day);

struct DayManifest {
  bool exists = false;
  std::map<std::string, FileFacts> files;  // by path relative to the root ("trades/2025-01-27/X.parquet")
  // A last line without its newline that fails its CRC: an append a crash cut short (its files'
  // WAL segment was not deleted yet, so recovery lists them again). The next append removes it.
  bool torn_tail = false;
  // Complete lines that fail their CRC: no crash writes those, so the manifest itself is damaged
  // and what it lists (or no longer lists) cannot be trusted.
  std::size_t damaged_lines = 0;
};

// One change to a day's file set: `facts` set = published (or replaced in place), unset = removed.
struct ManifestChange {
  fs::path file;  // absolute, under the root
  std::optional<FileFacts> facts;
};

DayManifest read_manifest(const fs::path& root, std::string_view day);
// Appends the changes of one day as one durable write (fdatasync), after cutting off a torn tail.
void append_manifest(const fs::path& root, std::string_view day, const std::vector<ManifestChange>& changes);
// The days that have a manifest, sorted.
std::vector<std::string> manifest_days(const fs::path& root);

// The manifest key of a file: its path relative to the root, '/'-separated.
std::string store_relative(const fs::path& root, const fs::path& file);

// Size and CRC-32 of the file, and rows, time and ingest_seq ranges as DuckDB reads them (throws
// when DuckDB cannot read it).
FileFacts describe_file(DuckDbSession& session, RawKind kind, const fs::path& file);

}  // namespace fsvc::parquet
