#include "adapters/parquet/duckdb_session.hpp"

#include <stdexcept>

namespace fsvc::parquet {

namespace {

std::string result_error(duckdb_result& result) {
  const char* message = duckdb_result_error(&result);
  return message ? message : "unknown DuckDB error";
}

// Runs a query whose result the caller reads and destroys; errors name the statement.
duckdb_result run_query(duckdb_connection connection, const std::string& sql) {
  duckdb_result result;
  if (duckdb_query(connection, sql.c_str(), &result) == DuckDBError) {
    const std::string error = result_error(result);
    duckdb_destroy_result(&result);
    throw std::runtime_error("duckdb: " + error + " in: " + sql);
  }
  return result;
}

}  // namespace

DuckDbSession::DuckDbSession() {
  if (duckdb_open(nullptr, &database_) == DuckDBError)
    throw std::runtime_error("duckdb: cannot open database");
  if (duckdb_connect(database_, &connection_) == DuckDBError) {
    duckdb_close(&database_);
    throw std::runtime_error("duckdb: cannot connect");
  }
  // The writer and reader run beside the engine: keep DuckDB to one thread each.
  exec("SET threads TO 1");
}

DuckDbSession::~DuckDbSession() {
  duckdb_disconnect(&connection_);
  duckdb_close(&database_);
}

duckdb_connection DuckDbSession::open_connection() {
  duckdb_connection extra = nullptr;
  if (duckdb_connect(database_, &extra) == DuckDBError) throw std::runtime_error("duckdb: cannot connect");
  return extra;
}

void DuckDbSession::exec(const std::string& sql) {
  duckdb_result result;
  const bool failed = duckdb_query(connection_, sql.c_str(), &result) == DuckDBError;
  const std::string error = failed ? result_error(result) : "";
  duckdb_destroy_result(&result);
  if (failed) throw std::runtime_error("duckdb: " + error + " in: " + sql);
}

void DuckDbSession::limit_memory(std::size_t mib, const std::filesystem::path& spill_folder) {
  exec("SET memory_limit = " + sql_literal(std::to_string(mib) + "MiB"));
  exec("SET temp_directory = " + sql_literal(spill_folder.string()));
}

std::optional<std::int64_t> DuckDbSession::query_int(const std::string& sql) {
  const auto row = query_ints(sql);
  return row.empty() ? std::nullopt : row.front();
}

std::vector<std::optional<std::int64_t>> DuckDbSession::query_ints(const std::string& sql) {
  duckdb_result result = run_query(connection_, sql);
  std::vector<std::optional<std::int64_t>> row;
  if (duckdb_row_count(&result) > 0) {
    for (idx_t column = 0; column < duckdb_column_count(&result); ++column) {
      if (duckdb_value_is_null(&result, column, 0)) {
        row.emplace_back();
      } else {
        row.emplace_back(duckdb_value_int64(&result, column, 0));
      }
    }
  }
  duckdb_destroy_result(&result);
  return row;
}

std::vector<std::vector<std::int64_t>> DuckDbSession::query_int_rows(const std::string& sql) {
  duckdb_result result = run_query(connection_, sql);
  std::vector<std::vector<std::int64_t>> rows(duckdb_row_count(&result));
  for (idx_t row = 0; row < rows.size(); ++row) {
    for (idx_t column = 0; column < duckdb_column_count(&result); ++column)
      rows[row].push_back(duckdb_value_int64(&result, column, row));
  }
  duckdb_destroy_result(&result);
  return rows;
}

StreamingResult::StreamingResult(duckdb_connection connection, const std::string& sql)
    : connection_(connection) {
  if (duckdb_prepare(connection_, sql.c_str(), &statement_) == DuckDBError) {
    const std::string error = duckdb_prepare_error(statement_);
    duckdb_destroy_prepare(&statement_);
    throw std::runtime_error("duckdb: " + error + " in: " + sql);
  }
  if (duckdb_execute_prepared_streaming(statement_, &result_) == DuckDBError) {
    const std::string error = result_error(result_);
    duckdb_destroy_result(&result_);
    duckdb_destroy_prepare(&statement_);
    throw std::runtime_error("duckdb: " + error + " in: " + sql);
  }
}

StreamingResult::~StreamingResult() {
  if (chunk_) duckdb_destroy_data_chunk(&chunk_);
  duckdb_destroy_result(&result_);
  duckdb_destroy_prepare(&statement_);
}

duckdb_data_chunk StreamingResult::next() {
  if (chunk_) duckdb_destroy_data_chunk(&chunk_);
  chunk_ = duckdb_fetch_chunk(result_);
  if (chunk_ && duckdb_data_chunk_get_size(chunk_) == 0) duckdb_destroy_data_chunk(&chunk_);
  if (!chunk_) {
    const char* error = duckdb_result_error(&result_);
    if (error) throw std::runtime_error(std::string("duckdb: while streaming: ") + error);
  }
  return chunk_;
}

std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string sql_file_list(const std::vector<std::filesystem::path>& files) {
  std::string list = "[";
  for (const auto& file : files) list += (list.size() > 1 ? ", " : "") + sql_literal(file.string());
  return list + "]";
}

}  // namespace fsvc::parquet
