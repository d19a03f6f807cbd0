#include "adapters/parquet/dataset_file_writer.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <system_error>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

constexpr idx_t kFirstFeatureColumn = 2;

std::string column_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string stage_table(std::size_t segment) {
  return "dataset_stage_" + std::to_string(segment);
}

std::runtime_error dataset_error(const std::filesystem::path& folder, const std::string& what) {
  return std::runtime_error("cannot write dataset " + folder.string() + ": " + what);
}

}  // namespace

struct DatasetFileWriter::Stage {
  duckdb_appender appender = nullptr;
  std::unique_ptr<ChunkBuilder> builder;
  std::size_t staged = 0;
  std::vector<std::filesystem::path> parts;

  Stage() = default;
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;
  // A build that failed mid-stage (DuckDB past its memory limit) still closes its appender.
  ~Stage() {
    builder.reset();
    if (appender) duckdb_appender_destroy(&appender);
  }

  // Hands the pending chunk to the table and closes the appender (before the table is read).
  void flush() {
    if (!builder) return;
    builder->finish();
    builder.reset();
    duckdb_appender_destroy(&appender);
  }
};

std::string DatasetFileWriter::file_name(const std::string& segment, dataset::OutputFormat format) {
  return segment + (format == dataset::OutputFormat::parquet ? ".parquet" : ".csv");
}

DatasetFileWriter::DatasetFileWriter(std::filesystem::path folder, std::vector<DatasetFileSpec> files,
                                     FeatureLayout keys, dataset::TargetKind target,
                                     dataset::OutputFormat format, std::size_t rows_per_part,
                                     std::size_t memory_mib)
    : folder_(std::move(folder)),
      partial_(folder_.string() + ".partial"),
      files_(std::move(files)),
      keys_(std::move(keys)),
      integer_target_(target == dataset::TargetKind::classification),
      format_(format),
      rows_per_part_(std::max<std::size_t>(rows_per_part, 1)),
      stages_(files_.size()) {
  std::error_code error;
  std::filesystem::remove_all(partial_, error);  // what a crashed build left behind
  std::filesystem::create_directories(partial_ / ".parts", error);
  if (error) throw dataset_error(folder_, error.message());
  // Under .parts, which commit removes before the rename: spill files never reach the dataset.
  session_.limit_memory(memory_mib, partial_ / ".parts" / "spill");
  for (std::size_t i = 0; i < files_.size(); ++i) {
    create_stage(i);
    ends_.emplace_back(files_[i].period.end, i);
  }
  std::sort(ends_.begin(), ends_.end());
}

DatasetFileWriter::~DatasetFileWriter() {
  for (Stage& stage : stages_) {
    try {
      stage.flush();
    } catch (...) {
      // Nothing of an abandoned build is kept.
    }
  }
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove_all(partial_, ignored);
  }
}

void DatasetFileWriter::write(std::size_t segment, const FeatureVector& row, double target) {
  close_finished(row.as_of);
  Stage& stage = stages_.at(segment);
  if (!stage.builder) {
    if (duckdb_appender_create(session_.connection(), nullptr, stage_table(segment).c_str(),
                               &stage.appender) == DuckDBError) {
      duckdb_appender_destroy(&stage.appender);
      throw dataset_error(folder_, "cannot create the DuckDB appender");
    }
    stage.builder = std::make_unique<ChunkBuilder>(stage.appender);
  }
  ChunkBuilder& b = *stage.builder;
  b.begin_row();
  b.set_timestamp(0, row.as_of);
  b.set_string(1, row.symbol.view());
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const idx_t column = kFirstFeatureColumn + i;
    if (!row.present.test(i)) {
      b.set_null(column);
    } else if (keys_.integer[i]) {
      b.set_int64(column, static_cast<std::int64_t>(row.values[i]));
    } else {
      b.set_double(column, row.values[i]);
    }
  }
  const idx_t target_column = kFirstFeatureColumn + keys_.size();
  if (integer_target_) {
    b.set_int32(target_column, static_cast<std::int32_t>(target));
  } else {
    b.set_double(target_column, target);
  }
  if (++stage.staged >= rows_per_part_) spill(segment);
}

void DatasetFileWriter::create_stage(std::size_t segment) {
  std::string ddl =
      "CREATE TEMP TABLE " + stage_table(segment) + " (\"timestamp\" TIMESTAMPTZ, symbol VARCHAR";
  for (std::size_t f = 0; f < keys_.size(); ++f) {
    ddl += ", " + column_identifier(keys_.names[f]) + (keys_.integer[f] ? " BIGINT" : " DOUBLE");
  }
  session_.exec(ddl + ", target " + (integer_target_ ? "INTEGER" : "DOUBLE") + ")");
}

// Segments whose period ended before `t` get no more rows: their staged rows go to a part file.
void DatasetFileWriter::close_finished(Timestamp t) {
  while (next_end_ < ends_.size() && ends_[next_end_].first <= t) {
    spill(ends_[next_end_].second);
    ++next_end_;
  }
}

void DatasetFileWriter::spill(std::size_t segment) {
  Stage& stage = stages_[segment];
  stage.flush();
  if (stage.staged == 0) return;
  const auto part =
      partial_ / ".parts" / (std::to_string(segment) + "-" + std::to_string(stage.parts.size()) + ".parquet");
  session_.exec("COPY " + stage_table(segment) + " TO " + sql_literal(part.string()) +
                " (FORMAT parquet, COMPRESSION zstd)");
  // Dropped and created again rather than emptied: an in-memory DuckDB keeps a table's blocks
  // after a DELETE, so memory would grow with the period.
  session_.exec("DROP TABLE " + stage_table(segment));
  create_stage(segment);
  stage.parts.push_back(part);
  stage.staged = 0;
}

std::string DatasetFileWriter::select_columns(bool csv) const {
  // CSV: ISO-8601 with Z, whatever the session's time zone.
  std::string columns = csv ? "strftime(make_timestamp(epoch_us(\"timestamp\")), '%Y-%m-%dT%H:%M:%S.%fZ') AS "
                              "\"timestamp\", symbol"
                            : "\"timestamp\", symbol";
  for (const std::string& name : keys_.names) columns += ", " + column_identifier(name);
  return columns + ", target";
}

// Where a segment's rows are once spilled: its part files, or (no rows) its empty stage table.
std::string DatasetFileWriter::source_of(std::size_t segment) const {
  const Stage& stage = stages_[segment];
  return stage.parts.empty() ? stage_table(segment) : "read_parquet(" + sql_file_list(stage.parts) + ")";
}

void DatasetFileWriter::copy_to_file(const std::string& select, const std::string& stem) {
  const bool csv = format_ == dataset::OutputFormat::csv;
  const std::filesystem::path file = partial_ / file_name(stem, format_);
  std::filesystem::create_directories(file.parent_path());
  const std::filesystem::path tmp = file.string() + ".tmp";
  session_.exec("COPY (" + select + ") TO " + sql_literal(tmp.string()) +
                (csv ? " (FORMAT csv, HEADER)" : " (FORMAT parquet, COMPRESSION zstd)"));
  storage::publish_durably(tmp, file);
}

void DatasetFileWriter::write_file(std::size_t segment) {
  spill(segment);  // every row in a part file, where write_all reads it too
  copy_to_file(
      "SELECT " + select_columns(format_ == dataset::OutputFormat::csv) + " FROM " + source_of(segment),
      files_[segment].name);
}

// The segment a part file belongs to (part files are "{segment}-{n}.parquet"), as its name.
std::string DatasetFileWriter::split_of_part() const {
  std::string names;
  for (const DatasetFileSpec& file : files_) names += (names.empty() ? "[" : ", ") + sql_literal(file.name);
  return names + "][CAST(split_part(parse_filename(filename), '-', 1) AS INTEGER) + 1]";
}

// One sequential read of every written segment's parts, in plan order and each in time order
// (read_parquet keeps the list's order under preserve_insertion_order), so the memory is one
// source's whatever the number of segments; the split comes from the part's file name.
void DatasetFileWriter::write_all(const std::vector<std::size_t>& skipped) {
  const std::string columns = select_columns(format_ == dataset::OutputFormat::csv);
  std::vector<std::filesystem::path> parts;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (std::find(skipped.begin(), skipped.end(), i) != skipped.end()) continue;
    parts.insert(parts.end(), stages_[i].parts.begin(), stages_[i].parts.end());
  }
  const std::string select =
      parts.empty() ? "SELECT " + columns + ", NULL::VARCHAR AS split FROM " + stage_table(0) + " LIMIT 0"
                    : "SELECT " + columns + ", " + split_of_part() + " AS split FROM read_parquet(" +
                          sql_file_list(parts) + ", filename = true)";
  copy_to_file(select, std::string(kAllSegments));
}

void DatasetFileWriter::commit(const std::string& metadata_json, const std::vector<std::size_t>& skipped) {
  try {
    for (std::size_t i = 0; i < files_.size(); ++i) {
      if (std::find(skipped.begin(), skipped.end(), i) != skipped.end()) continue;
      write_file(i);
    }
    write_all(skipped);
    std::filesystem::remove_all(partial_ / ".parts");
    const std::filesystem::path metadata = partial_ / "metadata.json";
    {
      std::ofstream out(metadata.string() + ".tmp", std::ios::binary | std::ios::trunc);
      out << metadata_json;
      out.close();
      if (!out) throw std::runtime_error("cannot write " + metadata.string());
    }
    storage::publish_durably(metadata.string() + ".tmp", metadata);
    std::filesystem::remove_all(folder_);  // a previous attempt's complete output, replaced whole
    storage::publish_durably(partial_, folder_);
    storage::fsync_folder(folder_);
  } catch (const std::exception& e) {
    throw dataset_error(folder_, e.what());
  }
  committed_ = true;
}

}  // namespace fsvc::parquet
