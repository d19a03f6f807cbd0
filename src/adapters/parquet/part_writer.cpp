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

using GroupKey = std::tuple<RawKind, std::string, std::string>;  // dataset, UTC day, symbol

// One part file being staged: a DuckDB temp table filled batch by batch, and the facts of its rows.
struct StagedPart {
  std::string table;
  FileFacts facts;
};

void widen(FileFacts& facts, const EngineInput& input) {
  const Timestamp time = partition_time(input);
  const std::uint64_t seq = ingest_seq_of(input);
  const bool first = facts.rows++ == 0;
  facts.min_time = first ? time : std::min(facts.min_time, time);
  facts.max_time = first ? time : std::max(facts.max_time, time);
  facts.min_seq = first ? seq : std::min(facts.min_seq, seq);
  facts.max_seq = first ? seq : std::max(facts.max_seq, seq);
}

void append_rows(DuckDbSession& session, const std::string& table,
                 const std::vector<const EngineInput*>& rows) {
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
}

// The part files of one segment, staged in DuckDB temp tables across batches and published together.
// The tables are dropped at the end whatever happened: DuckDB never reclaims the storage of deleted
// rows in an in-memory table (DELETE grew serve's RSS by ~3 MB a segment while idle), dropping does.
class SegmentParts {
 public:
  explicit SegmentParts(DuckDbSession& session) : session_(session) {}
  ~SegmentParts() {
    for (const auto& [key, part] : parts_) {
      try {
        session_.exec("DROP TABLE IF EXISTS " + part.table);
      } catch (const std::exception&) {
        // A table left behind is replaced by the next conversion's CREATE OR REPLACE.
      }
    }
  }
  SegmentParts(const SegmentParts&) = delete;
  SegmentParts& operator=(const SegmentParts&) = delete;

  void stage(const std::vector<EngineInput>& batch) {
    std::map<GroupKey, std::vector<const EngineInput*>> groups;
    for (const auto& input : batch) {
      groups[{kind_of(input), utc_day(partition_time(input)), symbol_of(input).str()}].push_back(&input);
    }
    for (const auto& [key, rows] : groups) {
      StagedPart& part = part_for(key);
      append_rows(session_, part.table, rows);
      for (const EngineInput* input : rows) widen(part.facts, *input);
    }
  }

  // The manifest learns of the parts after they are published and before the segment they came
  // from is deleted: a crash in between leaves a part not listed yet, and converting the segment
  // again lists it.
  void publish(const fs::path& root, std::uint64_t part_index) {
    std::map<std::string, std::vector<ManifestChange>> published_by_day;
    for (const auto& [key, part] : parts_) {
      const auto& [kind, day, symbol] = key;
      const fs::path dir = day_dir(root, kind, day);
      fs::create_directories(dir);
      const fs::path final = part_file(dir, symbol, part_index);
      const fs::path tmp = final.string() + ".tmp";
      session_.exec("COPY " + part.table + " TO " + sql_literal(tmp.string()) +
                    " (FORMAT parquet, COMPRESSION zstd)");
      FileFacts facts = part.facts;
      facts.bytes = fs::file_size(tmp);
      facts.crc32 = storage::file_crc32(tmp);
      storage::publish_durably(tmp, final);
      published_by_day[day].push_back(ManifestChange{final, facts});
    }
    for (const auto& [day, changes] : published_by_day) append_manifest(root, day, changes);
  }

 private:
  StagedPart& part_for(const GroupKey& key) {
    auto found = parts_.find(key);
    if (found != parts_.end()) return found->second;
    const std::string table = "stage_" + std::to_string(parts_.size());
    // Replaces what a conversion that failed half-way may have left under the same name.
    session_.exec("CREATE OR REPLACE TEMP TABLE " + table + " " + kind_columns_ddl(std::get<0>(key)));
    return parts_.emplace(key, StagedPart{table, {}}).first->second;
  }

  DuckDbSession& session_;
  std::map<GroupKey, StagedPart> parts_;
};

}  // namespace

std::optional<ConvertedSegment> convert_segment(DuckDbSession& session, const fs::path& root,
                                                const fs::path& segment, LostSegment& lost) {
  ConvertedSegment converted;
  {
    SegmentParts parts(session);
    try {
      wal::WalBlockReader reader(segment);
      std::vector<EngineInput> batch;
      bool more = true;
      while (more) {
        const std::uint64_t batch_start = reader.position();
        while ((more = reader.next(batch)) && batch.size() < kConversionBatchInputs &&
               reader.position() - batch_start < kConversionBatchBytes) {
        }
        parts.stage(batch);
        for (const EngineInput& input : batch) {
          converted.max_ingest_seq = std::max(converted.max_ingest_seq, ingest_seq_of(input));
        }
        converted.inputs += batch.size();
        batch.clear();
      }
      converted.torn_bytes = reader.torn_bytes();
    } catch (const wal::WalCorruptError&) {
      // Rare: read it whole once more for what the record of the loss needs (the inputs before the
      // damaged block), which the batches already handed to DuckDB no longer hold.
      try {
        (void)wal::read_wal_segment(segment);
      } catch (const wal::WalCorruptError& damage) {
        lost = quarantine_lost_segment(root, segment, damage);
        return std::nullopt;
      }
      throw std::logic_error("raw store WAL: " + segment.string() + " decoded on the second reading only");
    }
    parts.publish(root, *wal::wal_segment_index(segment));
  }
  fs::remove(segment);
  storage::fsync_folder(segment.parent_path());
  return converted;
}

}  // namespace fsvc::parquet
