#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/parquet/duckdb_session.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc::parquet {

// Grid vectors as one Parquet file (the output of `rebuild --output x.parquet`), columns:
//   "timestamp" TIMESTAMP (UTC, µs: the vector's as_of), symbol VARCHAR,
//   one DOUBLE per feature of the registry in registry order (NULL when undefined; counts are
//   BIGINT), intervals VARCHAR[] (the configured intervals the boundary sits on, e.g. ['1s','3s']).
// Every vector must carry that registry's keys.
//
// Rows are staged in DuckDB and spilled every `rows_per_part` rows to part files in a folder
// beside the output, so a month of vectors never has to fit in memory; close() concatenates the
// parts in order into `{output}.tmp` and renames it, so a failed rebuild never leaves a file that
// looks complete. Errors name the output path.
class ParquetVectorWriter final : public VectorSink {
 public:
  static constexpr std::size_t kDefaultRowsPerPart = 200'000;

  ParquetVectorWriter(std::filesystem::path output, std::vector<Duration> intervals,
                      std::size_t rows_per_part = kDefaultRowsPerPart, FeatureLayout keys = builtin_layout());
  ~ParquetVectorWriter() override;
  ParquetVectorWriter(const ParquetVectorWriter&) = delete;
  ParquetVectorWriter& operator=(const ParquetVectorWriter&) = delete;

  void on_vector(const FeatureVector& vector) override;
  // Writes the file. Without close() (an error on the way) nothing is left behind.
  void close();

  std::uint64_t rows() const { return rows_; }

 private:
  void stage_pending();
  void spill();
  void remove_parts() noexcept;
  std::string intervals_text(std::uint32_t mask) const;
  void check_keys(const FeatureVector& vector);

  std::filesystem::path output_;
  FeatureLayout keys_;
  std::shared_ptr<const FeatureLayout> checked_keys_;  // the last vector layout found equal to keys_
  bool checked_ = false;
  std::filesystem::path parts_dir_;
  std::vector<std::string> interval_names_;
  std::size_t rows_per_part_;
  DuckDbSession session_;
  std::vector<FeatureVector> pending_;  // appended to the stage table in chunk-sized batches
  std::size_t staged_ = 0;
  std::vector<std::filesystem::path> parts_;
  std::uint64_t rows_ = 0;
  bool closed_ = false;
};

}  // namespace fsvc::parquet
