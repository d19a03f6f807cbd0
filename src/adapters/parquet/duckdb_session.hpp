#pragma once

#include <duckdb.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fsvc::parquet {

// One in-memory DuckDB database used as a Parquet engine (COPY ... TO, read_parquet). Errors
// become exceptions carrying the statement that failed.
class DuckDbSession {
 public:
  DuckDbSession();
  ~DuckDbSession();
  DuckDbSession(const DuckDbSession&) = delete;
  DuckDbSession& operator=(const DuckDbSession&) = delete;

  void exec(const std::string& sql);
  // Bounds the memory DuckDB's buffer pool may hold (its tables, sorts and COPY buffers); beyond
  // it DuckDB spills to files in `spill_folder` instead of growing. Without this call the limit is
  // DuckDB's default (80 % of the machine's memory) and spills go to ./.tmp.
  void limit_memory(std::size_t mib, const std::filesystem::path& spill_folder);
  // First column of the first row as an integer (COUNT(*), MAX(...)); nullopt for NULL / no row.
  std::optional<std::int64_t> query_int(const std::string& sql);
  // Every column of the first row as integers (nullopt for NULL; empty without a row).
  std::vector<std::optional<std::int64_t>> query_ints(const std::string& sql);
  // Every row of a small result (GROUP BY counts) as integers, NULL as 0.
  std::vector<std::vector<std::int64_t>> query_int_rows(const std::string& sql);

  duckdb_connection connection() const { return connection_; }
  // A second connection on the same database: each streaming result needs its own.
  duckdb_connection open_connection();

 private:
  duckdb_database database_ = nullptr;
  duckdb_connection connection_ = nullptr;
};

// A streamed query result read chunk by chunk, so a month of data never has to fit in memory.
class StreamingResult {
 public:
  StreamingResult(duckdb_connection connection, const std::string& sql);
  ~StreamingResult();
  StreamingResult(const StreamingResult&) = delete;
  StreamingResult& operator=(const StreamingResult&) = delete;

  // The next chunk, or nullptr at the end. The chunk stays valid until the next call.
  duckdb_data_chunk next();

 private:
  duckdb_connection connection_;
  duckdb_prepared_statement statement_ = nullptr;
  duckdb_result result_{};
  duckdb_data_chunk chunk_ = nullptr;
};

// Quotes a string as an SQL literal ('it''s').
std::string sql_literal(std::string_view text);
// A list literal of file paths for read_parquet: ['a.parquet', 'b.parquet'].
std::string sql_file_list(const std::vector<std::filesystem::path>& files);

}  // namespace fsvc::parquet
