#include "adapters/parquet/raw_file_check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/storage/crc32.hpp"

namespace fsvc::parquet {

namespace {

// DuckDB errors carry the statement; the first line is the cause.
std::string first_line(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

// "trades_" for trades, "orderbook_deltas_" for orderbook/deltas: how quarantine() flattens paths.
std::string flattened_prefix(RawKind kind) {
  std::string prefix(kind_folder(kind));
  std::replace(prefix.begin(), prefix.end(), '/', '_');
  return prefix + "_";
}

// What the listed facts say against the file on disk: size first (cheap), then the checksum.
std::string compare_with_listing(const fs::path& file, const FileFacts& listed) {
  const std::uint64_t bytes = fs::file_size(file);
  if (bytes == 0) return "empty (0 bytes), the manifest lists " + std::to_string(listed.bytes);
  if (bytes != listed.bytes) {
    return std::string(bytes < listed.bytes ? "truncated: " : "grown: ") + std::to_string(bytes) +
           " bytes, the manifest lists " + std::to_string(listed.bytes);
  }
  if (storage::file_crc32(file) != listed.crc32)
    return "checksum mismatch: its bytes were altered since it was written";
  return {};
}

// Decodes every row exactly as a read does and checks its order and place.
std::string check_rows(DuckDbSession& session, RawKind kind, const std::string& day, const fs::path& file,
                       const std::optional<FileFacts>& listed) {
  const Timestamp day_start = *parse_utc_day(day);
  const Timestamp day_end = day_start + kMicrosPerDay;
  duckdb_connection connection = session.open_connection();
  FileFacts seen;
  std::string problem;
  try {
    StreamingResult rows(connection, "SELECT " + kind_column_names(kind) + " FROM read_parquet(" +
                                         sql_literal(file.string()) +
                                         ", file_row_number = true) ORDER BY file_row_number");
    std::map<std::string, Timestamp> last_boundary;
    while (duckdb_data_chunk chunk = rows.next()) {
      const ChunkReader reader(chunk);
      for (idx_t row = 0; row < reader.size() && problem.empty(); ++row) {
        const EngineInput input = read_row(kind, reader, row);
        const Timestamp time = partition_time(input);
        const std::uint64_t seq = ingest_seq_of(input);
        const std::string where =
            "row " + std::to_string(seen.rows + 1) + " (ingest_seq " + std::to_string(seq) + ")";
        if (seen.rows > 0 && seq <= seen.max_seq) problem = where + ": ingest_seq not increasing";
        if (time < day_start || time >= day_end)
          problem = where + ": time " + format_iso8601_millis(time) + " is outside the day " + day;
        if (const auto* tick = std::get_if<Tick>(&input)) {
          auto [it, first] = last_boundary.try_emplace(tick->symbol.str(), tick->boundary);
          if (!first && tick->boundary <= it->second) problem = where + ": tick boundaries not increasing";
          it->second = tick->boundary;
        }
        seen.min_time = seen.rows == 0 ? time : std::min(seen.min_time, time);
        seen.max_time = seen.rows == 0 ? time : std::max(seen.max_time, time);
        seen.min_seq = seen.rows == 0 ? seq : std::min(seen.min_seq, seq);
        seen.max_seq = std::max(seen.max_seq, seq);
        ++seen.rows;
      }
    }
  } catch (const std::exception& e) {
    problem = "row " + std::to_string(seen.rows + 1) + " does not decode: " + first_line(e.what());
  }
  duckdb_disconnect(&connection);
  if (problem.empty() && listed &&
      (seen.min_time != listed->min_time || seen.max_time != listed->max_time ||
       seen.min_seq != listed->min_seq || seen.max_seq != listed->max_seq)) {
    problem = "its rows span other times or ingest_seqs than the manifest lists";
  }
  return problem;
}

std::string check_present(DuckDbSession& session, RawKind kind, const std::string& day, const fs::path& file,
                          const std::optional<FileFacts>& listed, CheckDepth depth) {
  if (listed) {
    if (std::string problem = compare_with_listing(file, *listed); !problem.empty()) return problem;
  } else if (fs::file_size(file) == 0) {
    return "empty (0 bytes)";
  }
  std::optional<std::int64_t> rows;
  try {
    rows = session.query_int("SELECT COUNT(*) FROM read_parquet(" + sql_literal(file.string()) + ")");
  } catch (const std::exception& e) {
    return "unreadable: " + first_line(e.what());
  }
  if (listed && static_cast<std::uint64_t>(rows.value_or(0)) != listed->rows) {
    return std::to_string(rows.value_or(0)) + " rows, the manifest lists " + std::to_string(listed->rows);
  }
  return depth == CheckDepth::deep ? check_rows(session, kind, day, file, listed) : std::string{};
}

}  // namespace

std::pair<Timestamp, Timestamp> covered_time(const FileVerdict& verdict) {
  if (verdict.listed) return {verdict.listed->min_time, verdict.listed->max_time};
  const Timestamp start = *parse_utc_day(verdict.day);
  return {start, start + kMicrosPerDay - 1};
}

std::string describe(const FileVerdict& verdict, const fs::path& root) {
  const auto [from, to] = covered_time(verdict);
  std::string text = store_relative(root, verdict.file) + " (" + (verdict.listed ? "covers " : "day ") +
                     format_iso8601_millis(from) + ".." + format_iso8601_millis(to);
  if (verdict.listed) {
    text += ", " + std::to_string(verdict.listed->rows) + " rows, ingest_seq " +
            std::to_string(verdict.listed->min_seq) + ".." + std::to_string(verdict.listed->max_seq);
  }
  return text + ")" + (verdict.damaged() ? ": " + verdict.problem : ": ok");
}

std::vector<fs::path> quarantined_files(const fs::path& root) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root / "quarantine", ec)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<fs::path> quarantined_origin(const fs::path& root, const fs::path& quarantined) {
  const std::string name = quarantined.filename().string();
  for (RawKind kind : kAllRawKinds) {
    const std::string prefix = flattened_prefix(kind);
    // {prefix}{YYYY-MM-DD}_{file name}[.N]
    if (!name.starts_with(prefix) || name.size() < prefix.size() + 12) continue;
    const std::string day = name.substr(prefix.size(), 10);
    if (name[prefix.size() + 10] != '_' || !parse_utc_day(day)) continue;
    std::string file = name.substr(prefix.size() + 11);
    const std::size_t dot = file.rfind('.');
    const bool numbered = dot != std::string::npos && dot + 1 < file.size() &&
                          std::all_of(file.begin() + static_cast<std::ptrdiff_t>(dot) + 1, file.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
    if (numbered) file.resize(dot);                       // quarantine()'s ".N" for a name already taken
    if (!parse_raw_file_name(file)) return std::nullopt;  // a temp file: never published, no loss
    return day_dir(root, kind, day) / file;
  }
  return std::nullopt;
}

std::vector<FileVerdict> check_day_files(DuckDbSession& session, const fs::path& root, RawKind kind,
                                         const std::string& day, std::string_view symbol,
                                         const DayManifest& manifest, CheckDepth depth,
                                         const ListingFilter& wanted) {
  std::vector<FileVerdict> verdicts;
  std::set<std::string> seen;
  const auto add = [&](const fs::path& file, const std::string& file_symbol, bool present,
                       std::string problem) {
    const std::string relative = store_relative(root, file);
    if (!seen.insert(relative).second) return;
    const auto listed = manifest.files.find(relative);
    FileVerdict verdict{kind, day, file_symbol, file, std::nullopt, present, std::move(problem)};
    if (listed != manifest.files.end()) verdict.listed = listed->second;
    if (wanted && !wanted(verdict.listed)) return;
    if (present) verdict.problem = check_present(session, kind, day, file, verdict.listed, depth);
    verdicts.push_back(std::move(verdict));
  };
  const fs::path dir = day_dir(root, kind, day);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = parse_raw_file_name(entry.path());
    if (name && (symbol.empty() || name->symbol == symbol)) add(entry.path(), name->symbol, true, {});
  }
  std::map<fs::path, fs::path> quarantined_from;
  for (const fs::path& file : quarantined_files(root)) {
    if (const auto origin = quarantined_origin(root, file); origin && origin->parent_path() == dir)
      quarantined_from[*origin] = file;
  }
  const std::string folder = store_relative(root, dir) + "/";
  for (const auto& [relative, facts] : manifest.files) {
    const fs::path file = root / relative;
    const auto name = parse_raw_file_name(file);
    if (!relative.starts_with(folder) || !name || (!symbol.empty() && name->symbol != symbol)) continue;
    const auto moved = quarantined_from.find(file);
    add(file, name->symbol, false,
        moved == quarantined_from.end() ? "missing"
                                        : "moved to quarantine as " + store_relative(root, moved->second));
  }
  for (const auto& [origin, moved] : quarantined_from) {
    const auto name = parse_raw_file_name(origin);
    if (!symbol.empty() && name->symbol != symbol) continue;
    add(origin, name->symbol, false, "moved to quarantine as " + store_relative(root, moved));
  }
  std::sort(verdicts.begin(), verdicts.end(),
            [](const FileVerdict& a, const FileVerdict& b) { return a.file < b.file; });
  return verdicts;
}

}  // namespace fsvc::parquet
