#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/metadata/sql_database.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::metadata {

// One numbered, reversible schema change (migrations/<engine>/NNN_name.up.sql and .down.sql).
struct Migration {
  int version = 0;
  std::string name;
  std::string up;
  std::string down;
};

// A migration file compiled into the binary from the project's migrations/ folder.
struct EmbeddedMigrationFile {
  std::string_view engine;  // folder: postgresql | sqlite
  std::string_view file;    // NNN_name.up.sql | NNN_name.down.sql
  std::string_view sql;
};
const std::vector<EmbeddedMigrationFile>& embedded_migration_files();  // generated at build time

// The migrations of `engine` in version order, from the embedded files. Throws MetadataError when
// a file name does not follow NNN_name.(up|down).sql or a migration lacks its up or down file.
std::vector<Migration> migrations_for(
    std::string_view engine, const std::vector<EmbeddedMigrationFile>& files = embedded_migration_files());

struct MigrationReport {
  std::vector<int> applied;  // created by this run
  std::vector<int> adopted;  // found already applied by the trading system, columns checked
};

// Brings the schema up to the newest migration inside the caller's transaction, recording each in
// feature_service_migrations. The trading system's 018-020 are adopted where their table exists
// (the columns are checked, never re-created). Throws MetadataError with one line when the database
// records a migration this binary lacks (it is ahead of the binary) or an existing table lacks a
// column.
MigrationReport migrate_up(SqlSession& session, const SqlDialect& dialect,
                           const std::vector<Migration>& migrations, Timestamp now);

// Reverts every recorded migration newer than `target_version`, newest first (tests, operators).
void migrate_down(SqlSession& session, const SqlDialect& dialect, const std::vector<Migration>& migrations,
                  int target_version);

}  // namespace fsvc::metadata
