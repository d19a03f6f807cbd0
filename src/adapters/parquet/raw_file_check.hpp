#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_schema.hpp"
#include "adapters/parquet/store_manifest.hpp"

namespace fsvc::parquet {

// quick: what every read checks before it trusts a file (present, size, checksum, footer row count
// as listed). deep: also decodes every row (ingest_seq strictly increasing, times inside the day
// and inside the listed ranges, tick boundaries increasing) — `store check`.
enum class CheckDepth { quick, deep };

// The verdict on one file of the store: one present, or one the manifest lists that is absent.
struct FileVerdict {
  RawKind kind = RawKind::trade;
  std::string day;
  std::string symbol;
  fs::path file;                    // where it is, or should be
  std::optional<FileFacts> listed;  // what the manifest says it held (nullopt: not listed)
  bool present = true;
  std::string problem;  // empty: intact
  bool damaged() const { return !problem.empty(); }
};

// The time range a damaged file covered (the listed one, else its whole day) as text, for messages:
// "trades/2025-01-27/BTCUSDT.parquet (covers 2025-01-27T00:00:00.001Z..00:10:00.000Z, ingest_seq 1..9):
// missing".
std::string describe(const FileVerdict& verdict, const fs::path& root);
// [first, last] exchange time of what the file held: listed, or the whole UTC day when unknown.
std::pair<Timestamp, Timestamp> covered_time(const FileVerdict& verdict);

// Verdicts for the files of one dataset and day, for one symbol (every symbol when empty): each file
// present, each file listed but absent ("missing", or "moved to quarantine as …"), and each file of
// that day in {raw}/quarantine/ that is not back in place.
// `wanted` (optional) leaves out, unchecked, the files whose listing shows they are not needed.
using ListingFilter = std::function<bool(const std::optional<FileFacts>& listed)>;
std::vector<FileVerdict> check_day_files(DuckDbSession& session, const fs::path& root, RawKind kind,
                                         const std::string& day, std::string_view symbol,
                                         const DayManifest& manifest, CheckDepth depth,
                                         const ListingFilter& wanted = {});

// The files in {raw}/quarantine/, and for one of them, the store path it was moved from (nullopt
// for what is not a raw-store data file: WAL segments, temp files).
std::vector<fs::path> quarantined_files(const fs::path& root);
std::optional<fs::path> quarantined_origin(const fs::path& root, const fs::path& quarantined);

}  // namespace fsvc::parquet
