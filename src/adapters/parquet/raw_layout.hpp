#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/parquet/raw_schema.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::parquet {

namespace fs = std::filesystem;

// "YYYY-MM-DD" of the UTC day containing t, and back to the day's first microsecond.
std::string utc_day(Timestamp t);
// 9999-12-31T23:59:59.999999Z: the last time whose utc_day has a four-digit year.
inline constexpr Timestamp kLastFourDigitYearTime = 253'402'300'799'999'999;
std::optional<Timestamp> parse_utc_day(std::string_view day);

// {raw}/{kind folder}/{YYYY-MM-DD}
fs::path day_dir(const fs::path& root, RawKind kind, std::string_view day);
// The compacted file of a closed day: {SYMBOL}.parquet
fs::path day_file(const fs::path& dir, std::string_view symbol);
// A part written while the day is open: {SYMBOL}.part-{index, 20 digits}.parquet. The index is
// the first ingest_seq of the write-ahead-log segment it came from, so converting the same segment
// again (after a crash) replaces the same files instead of duplicating rows.
fs::path part_file(const fs::path& dir, std::string_view symbol, std::uint64_t index);

// Symbol and part index of a file in a day folder ({SYMBOL}.parquet has no index).
struct RawFileName {
  std::string symbol;
  std::optional<std::uint64_t> part;
};
std::optional<RawFileName> parse_raw_file_name(const fs::path& file);

// The day folders of `kind` that exist, sorted; and the files of one symbol in a day folder.
std::vector<std::string> existing_days(const fs::path& root, RawKind kind);
std::vector<fs::path> symbol_files(const fs::path& dir, std::string_view symbol);

// Moves a damaged file to {raw}/quarantine/ (keeping its relative path in the name) and returns
// the new path, so it is kept for inspection instead of being read or dropped.
fs::path quarantine(const fs::path& root, const fs::path& file);

}  // namespace fsvc::parquet
