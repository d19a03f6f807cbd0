#pragma once

#include <duckdb.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/event/market_event.hpp"

namespace fsvc::parquet {

// Fills DuckDB data chunks column by column and hands full chunks to an appender. Physical layouts
// used: TIMESTAMPTZ and DECIMAL(18,8) are int64 (µs, fixed-point units: our own representations,
// so no conversion can round), UBIGINT uint64, INTEGER int32, lists of STRUCT(price, size).
class ChunkBuilder {
 public:
  explicit ChunkBuilder(duckdb_appender appender);
  ~ChunkBuilder();
  ChunkBuilder(const ChunkBuilder&) = delete;
  ChunkBuilder& operator=(const ChunkBuilder&) = delete;

  // Starts a new row, appending the chunk first when it is full.
  void begin_row();
  // Appends the pending rows (call once after the last row).
  void finish();

  void set_string(idx_t column, std::string_view value);
  void set_int64(idx_t column, std::int64_t value);  // BIGINT, TIMESTAMPTZ, DECIMAL(18,8) units
  void set_uint64(idx_t column, std::uint64_t value);
  void set_int32(idx_t column, std::int32_t value);
  void set_bool(idx_t column, bool value);
  void set_double(idx_t column, std::optional<double> value);
  void set_timestamp(idx_t column, std::optional<Timestamp> value);
  void set_levels(idx_t column, const std::vector<BookLevel>& levels);
  void set_null(idx_t column);

 private:
  void append_chunk();

  duckdb_appender appender_;
  duckdb_data_chunk chunk_ = nullptr;
  idx_t row_ = 0;
  bool has_row_ = false;
  std::vector<idx_t> list_sizes_;
};

// Typed access to one chunk of a result whose columns follow the same layouts.
class ChunkReader {
 public:
  explicit ChunkReader(duckdb_data_chunk chunk) : chunk_(chunk) {}
  idx_t size() const { return duckdb_data_chunk_get_size(chunk_); }

  bool is_null(idx_t column, idx_t row) const;
  std::string_view get_string(idx_t column, idx_t row) const;
  std::int64_t get_int64(idx_t column, idx_t row) const;
  std::uint64_t get_uint64(idx_t column, idx_t row) const;
  std::int32_t get_int32(idx_t column, idx_t row) const;
  bool get_bool(idx_t column, idx_t row) const;
  std::optional<double> get_double(idx_t column, idx_t row) const;
  std::optional<Timestamp> get_timestamp(idx_t column, idx_t row) const;
  std::vector<BookLevel> get_levels(idx_t column, idx_t row) const;

 private:
  template <class T>
  T value(idx_t column, idx_t row) const {
    return static_cast<const T*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk_, column)))[row];
  }
  duckdb_data_chunk chunk_;
};

}  // namespace fsvc::parquet
