#include "adapters/parquet/part_writer.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/store_manifest.hpp"
#include "adapters/storage/crc32.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

std::string stage_table(RawKind kind) {
  return "stage_" + std::to_string(static_cast<int>(kind));
}

// Row count and ranges of a part, from the rows it was written from.
FileFacts facts_of_rows(const std::vector<const EngineInput*>& rows) {
  FileFacts facts;
  facts.rows = rows.size();
  for (const EngineInput* input : rows) {
    const Timestamp time = partition_time(*input);
    const std::uint64_t seq = ingest_seq_of(*input);
    const bool first = input == rows.front();
    facts.min_time = first ? time : std::min(facts.min_time, time);
    facts.max_time = first ? time : std::max(facts.max_time, time);
    facts.min_seq = first ? seq : std::min(facts.min_seq, seq);
    facts.max_seq = first ? seq : std::max(facts.max_seq, seq);
  }
  return facts;
}

ManifestChange write_group(DuckDbSession& session, const fs::path& root, RawKind kind, const std::string& day,
                           const std::string& symbol, const std::vector<const EngineInput*>& rows,
                           std::uint64_t part_index) {
  const std::string table = stage_table(kind);
  // A fresh stage every time: a group that failed half-way may have left rows behind, and DuckDB
  // never reclaims the storage of deleted rows in an in-memory table (DELETE grew serve's RSS by
  // ~3 MB a segment while idle); replacing the table frees it.
  session.exec("CREATE OR REPLACE TEMP TABLE " + table + " " + kind_columns_ddl(kind));
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(session.connection(), nullptr, table.c_str(), &appender) == DuckDBError) {
    duckdb_appender_destroy(&appender);
    throw std::runtime_error("raw store: cannot create appender for " + table);
  }
  try {
    ChunkBuilder builder(appender);
    for (const EngineInput* input : rows) write_row(builder, *input);
    builder.finish();
  } catch (...) {
    duckdb_appender_destroy(&appender);
    throw;
  }
  duckdb_appender_destroy(&appender);

  const fs::path dir = day_dir(root, kind, day);
  fs::create_directories(dir);
  const fs::path final = part_file(dir, symbol, part_index);
  const fs::path tmp = final.string() + ".tmp";
  session.exec("COPY " + table + " TO " + sql_literal(tmp.string()) + " (FORMAT parquet, COMPRESSION zstd)");
  FileFacts facts = facts_of_rows(rows);
  facts.bytes = fs::file_size(tmp);
  facts.crc32 = storage::file_crc32(tmp);
  storage::publish_durably(tmp, final);
  return ManifestChange{final, facts};
}

}  // namespace

void write_parts(DuckDbSession& session, const fs::path& root, const std::vector<EngineInput>& inputs,
                 std::uint64_t part_index) {
  using Key = std::tuple<RawKind, std::string, std::string>;
  std::map<Key, std::vector<const EngineInput*>> groups;
  for (const auto& input : inputs) {
    groups[{kind_of(input), utc_day(partition_time(input)), symbol_of(input).str()}].push_back(&input);
  }
  // The manifest learns of the parts after they are published and before the segment they came
  // from is deleted: a crash in between leaves a part not listed yet, and converting the segment
  // again lists it.
  std::map<std::string, std::vector<ManifestChange>> published_by_day;
  for (const auto& [key, rows] : groups) {
    const auto& [kind, day, symbol] = key;
    published_by_day[day].push_back(write_group(session, root, kind, day, symbol, rows, part_index));
  }
  for (const auto& [day, changes] : published_by_day) append_manifest(root, day, changes);
}

std::optional<wal::WalSegmentContents> convert_segment(DuckDbSession& session, const fs::path& root,
                                                       const fs::path& segment, LostSegment& lost) {
  wal::WalSegmentContents contents;
  try {
    contents = wal::read_wal_segment(segment);
  } catch (const wal::WalCorruptError& damage) {
    lost = quarantine_lost_segment(root, segment, damage);
    return std::nullopt;
  }
  write_parts(session, root, contents.inputs, *wal::wal_segment_index(segment));
  fs::remove(segment);
  storage::fsync_folder(segment.parent_path());
  return contents;
}

}  // namespace fsvc::parquet
