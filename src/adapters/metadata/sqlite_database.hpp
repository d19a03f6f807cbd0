#pragma once

#include <filesystem>
#include <mutex>
#include <string>

#include "adapters/metadata/sql_database.hpp"

struct sqlite3;

namespace fsvc::metadata {

const SqlDialect& sqlite_dialect();

// The embedded metadata database: one SQLite file (WAL mode), created with its folder when absent.
// Statements of one transaction run under BEGIN IMMEDIATE, so writers from several processes
// serialize on the file (waiting up to 5 s).
class SqliteDatabase final : public SqlDatabase {
 public:
  // Opens the file and runs `on_connect`; throws MetadataError naming the file.
  SqliteDatabase(std::filesystem::path file, const ConnectHook& on_connect);
  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  void transaction(const std::function<void(SqlSession&)>& work) override;
  const SqlDialect& dialect() const override { return sqlite_dialect(); }
  ComponentHealth health() const override;

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;                // one transaction at a time
  mutable std::mutex state_mutex_;  // health() never waits for a transaction
  std::string last_failure_;        // the last transaction's I/O failure, until one succeeds
};

}  // namespace fsvc::metadata
