#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "core/dataset/dataset_request.hpp"
#include "core/feature/feature_layout.hpp"
#include "ports/dataset_writer.hpp"

namespace fsvc::parquet {

// One output file of a dataset: its name inside the folder without extension ("train",
// "fold_003/validation") and its period (rows come in time order; once a row at or past the end
// arrives the segment is complete and its staged rows leave memory).
struct DatasetFileSpec {
  std::string name;
  dataset::Period period;
};

// The files of a dataset (datasets.md §5) through DuckDB, Parquet or CSV, columns:
//   timestamp TIMESTAMPTZ (UTC, µs; Parquet isAdjustedToUTC, so pandas/Polars read an aware UTC
//   datetime), symbol VARCHAR, the registry's features in order (DOUBLE, NULL when undefined;
//   counts BIGINT), target (INTEGER for classification, DOUBLE otherwise).
// Plus `all` (kAllSegments) with every segment and a `split` column. CSV has a header row and the
// timestamp as ISO-8601 with Z. Rows are staged in DuckDB and spilled
// to part files every `rows_per_part` rows, so a month never has to fit in memory; at commit each
// file is one sequential read of its parts (`all`: of every segment's parts, in plan order), so
// memory depends neither on the period nor on the number of segments. DuckDB holds at most
// `memory_mib` MiB and spills what it can (sorts, not the stages) into the partial folder. Everything is
// written under `{folder}.partial/` and renamed to `folder` by commit(); without commit the
// partial folder is removed, and one left over by a crash is removed when the next writer starts.
class DatasetFileWriter final : public DatasetWriter {
 public:
  // Overlapping walk-forward folds stage a row in several segments at once (a 7-day train window
  // stepped daily: up to 7 trains and a validation), so each stage stays small: ~17 MB of
  // registry 1.0.0 rows.
  static constexpr std::size_t kDefaultRowsPerPart = 50'000;
  // DuckDB's share of a build (FEATURE_SERVICE_DATASET_MEMORY_MB). The stages are temp tables of an
  // in-memory database, which DuckDB cannot spill: a build whose open stages exceed the limit fails
  // ("could not allocate block"). Registry 1.0.0 stages up to 8 x 17 MB for overlapping folds, a
  // 100-feature registry ~5x that, plus one Parquet row group being written.
  static constexpr std::size_t kDefaultMemoryMib = 1024;

  DatasetFileWriter(std::filesystem::path folder, std::vector<DatasetFileSpec> files, FeatureLayout keys,
                    dataset::TargetKind target, dataset::OutputFormat format,
                    std::size_t rows_per_part = kDefaultRowsPerPart,
                    std::size_t memory_mib = kDefaultMemoryMib);
  ~DatasetFileWriter() override;
  DatasetFileWriter(const DatasetFileWriter&) = delete;
  DatasetFileWriter& operator=(const DatasetFileWriter&) = delete;

  void write(std::size_t segment, const FeatureVector& row, double target) override;
  void commit(const std::string& metadata_json, const std::vector<std::size_t>& skipped) override;

  // The file name of a segment in the dataset folder ("fold_000/train.parquet").
  static std::string file_name(const std::string& segment, dataset::OutputFormat format);
  // The stem of the file that holds every written segment's rows, in plan order, with a last
  // column `split` naming the segment ("train", "fold_003/validation"): the download of split=all.
  static constexpr std::string_view kAllSegments = "all";

 private:
  struct Stage;
  void create_stage(std::size_t segment);
  void spill(std::size_t segment);
  void close_finished(Timestamp t);
  void write_file(std::size_t segment);
  void write_all(const std::vector<std::size_t>& skipped);
  void copy_to_file(const std::string& select, const std::string& stem);
  std::string source_of(std::size_t segment) const;
  std::string split_of_part() const;
  std::string select_columns(bool csv) const;

  std::filesystem::path folder_;
  std::filesystem::path partial_;
  std::vector<DatasetFileSpec> files_;
  FeatureLayout keys_;
  bool integer_target_;
  dataset::OutputFormat format_;
  std::size_t rows_per_part_;
  DuckDbSession session_;
  std::vector<Stage> stages_;
  std::vector<std::pair<Timestamp, std::size_t>> ends_;  // (period end, segment), ascending
  std::size_t next_end_ = 0;
  bool committed_ = false;
};

}  // namespace fsvc::parquet
