#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ports/health_source.hpp"

namespace fsvc::metadata {

// Values cross the engine boundary as text (NULL = nullopt): both engines parse text into the
// column's type, so one statement with $1..$N placeholders serves PostgreSQL and SQLite alike.
using SqlValue = std::optional<std::string>;
using SqlRow = std::vector<SqlValue>;
using SqlParams = std::vector<SqlValue>;

// Statements inside one open transaction.
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  // One statement with $1..$N placeholders; every result row as text.
  virtual std::vector<SqlRow> query(std::string_view sql, const SqlParams& params = {}) = 0;
  // Several statements without parameters (a migration file).
  virtual void execute_script(std::string_view sql) = 0;
};

// What differs between the engines beyond the migrations themselves.
struct SqlDialect {
  std::string engine;          // "postgresql" | "sqlite": also the migrations folder
  std::string timestamp_type;  // TIMESTAMP (UTC) | TEXT ('YYYY-MM-DD HH:MM:SS.ffffff')
  // Serializes migrations and registry activations across instances sharing the database (run as
  // the first statement of the transaction); empty when the transaction itself is exclusive.
  std::string exclusive_lock;
  // One column: the names of the columns of table $1 (none when the table does not exist).
  std::string table_columns_query;
  // A text array column read and written as a JSON array of strings.
  std::function<std::string(std::string_view column)> array_out;
  std::function<std::string(std::string_view placeholder)> array_in;
};

// Run in one transaction each time a connection is (re)established, before anything else uses it:
// the schema migrations. What it throws keeps the connection from being used.
using ConnectHook = std::function<void(SqlSession&, const SqlDialect&)>;

// One database connection (PostgreSQL or SQLite) that runs transactions. Thread safe: one
// transaction at a time.
class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  // Runs `work` in one transaction, committed when it returns and rolled back when it throws.
  // Throws MetadataUnavailable while the database cannot be reached, MetadataError for a failing
  // statement (with the engine's message).
  virtual void transaction(const std::function<void(SqlSession&)>& work) = 0;
  virtual const SqlDialect& dialect() const = 0;
  // "healthy: postgresql 127.0.0.1:5432/feature_service", "degraded: disconnected (...)".
  virtual ComponentHealth health() const = 0;
};

}  // namespace fsvc::metadata
