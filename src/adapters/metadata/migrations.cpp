#include "adapters/metadata/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "adapters/metadata/sql_values.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::metadata {

namespace {

// The trading system's own migrations (contracts.md §7): where their table exists, its runner
// applied them, so ours checks the columns instead of creating the table.
struct TradingSystemTable {
  int version;
  std::string_view table;
  std::vector<std::string_view> columns;
};

const std::vector<TradingSystemTable>& trading_system_tables() {
  static const std::vector<TradingSystemTable> tables = {
      {18,
       "datasets",
       {"id",
        "symbol",
        "status",
        "split_strategy",
        "train_period_start",
        "train_period_end",
        "validation_period_start",
        "validation_period_end",
        "test_period_start",
        "test_period_end",
        "walk_forward_config",
        "target_config",
        "feature_registry_version",
        "train_records",
        "validation_records",
        "test_records",
        "output_format",
        "storage_path",
        "created_at",
        "completed_at",
        "estimated_completion",
        "error_message"}},
      {19,
       "feature_registry_versions",
       {"version", "config", "is_active", "validated_at", "validation_errors", "loaded_at", "created_at",
        "created_by", "activated_by", "rollback_from", "previous_version", "schema_version",
        "migration_script", "compatibility_warnings", "breaking_changes", "activation_reason"}},
      {20,
       "data_quality_reports",
       {"id", "symbol", "period_start", "period_end", "missing_rate", "anomaly_rate", "sequence_gaps",
        "desynchronization_events", "anomaly_details", "sequence_gap_details", "recommendations",
        "created_at"}},
  };
  return tables;
}

constexpr std::string_view kMigrationsTable = "feature_service_migrations";

std::string version_text(int version) {
  std::string text = std::to_string(version);
  return std::string(text.size() < 3 ? 3 - text.size() : 0, '0') + text;
}

// "018_datasets.up.sql" -> {18, "datasets", up}.
struct FileName {
  int version = 0;
  std::string name;
  bool up = false;
};

FileName parse_file_name(std::string_view engine, std::string_view file) {
  const auto fail = [&]() -> FileName {
    throw MetadataError("migrations/" + std::string(engine) + "/" + std::string(file) +
                        ": expected NNN_name.up.sql or NNN_name.down.sql");
  };
  const std::size_t underscore = file.find('_');
  if (underscore == std::string_view::npos || underscore == 0) return fail();
  FileName parsed;
  const auto [end, error] = std::from_chars(file.data(), file.data() + underscore, parsed.version);
  if (error != std::errc{} || end != file.data() + underscore || parsed.version <= 0) return fail();
  std::string_view rest = file.substr(underscore + 1);
  for (const auto& [suffix, up] :
       {std::pair<std::string_view, bool>{".up.sql", true}, {".down.sql", false}}) {
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      parsed.name = std::string(rest.substr(0, rest.size() - suffix.size()));
      parsed.up = up;
      return parsed;
    }
  }
  return fail();
}

std::set<std::string> table_columns(SqlSession& session, const SqlDialect& dialect, std::string_view table) {
  std::set<std::string> columns;
  for (const SqlRow& row : session.query(dialect.table_columns_query, {std::string(table)})) {
    columns.insert(text_field(row.at(0), "column name"));
  }
  return columns;
}

void create_migrations_table(SqlSession& session, const SqlDialect& dialect) {
  session.execute_script("CREATE TABLE IF NOT EXISTS " + std::string(kMigrationsTable) +
                         " (version INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, applied_at " +
                         dialect.timestamp_type + " NOT NULL, adopted BOOLEAN NOT NULL DEFAULT FALSE)");
}

// version -> name of every recorded migration.
std::map<int, std::string> recorded_migrations(SqlSession& session) {
  std::map<int, std::string> recorded;
  for (const SqlRow& row : session.query("SELECT version, name FROM " + std::string(kMigrationsTable))) {
    recorded[static_cast<int>(integer_field(row.at(0), "feature_service_migrations.version"))] =
        text_field(row.at(1), "feature_service_migrations.name");
  }
  return recorded;
}

void refuse_if_ahead(const std::map<int, std::string>& recorded, const std::vector<Migration>& migrations) {
  for (const auto& [version, name] : recorded) {
    const bool known = std::any_of(migrations.begin(), migrations.end(),
                                   [&](const Migration& m) { return m.version == version; });
    if (!known) {
      throw MetadataError("metadata database is ahead of this binary: it has migration " +
                          version_text(version) + " (" + name +
                          ") which this feature-service does not know; run the newer "
                          "feature-service or revert that migration");
    }
  }
}

// True when the trading system applied this migration already (its table exists, columns checked).
bool adopt_existing(SqlSession& session, const SqlDialect& dialect, const Migration& migration) {
  const auto spec = std::find_if(trading_system_tables().begin(), trading_system_tables().end(),
                                 [&](const TradingSystemTable& t) { return t.version == migration.version; });
  if (spec == trading_system_tables().end()) return false;
  const std::set<std::string> present = table_columns(session, dialect, spec->table);
  if (present.empty()) return false;
  std::string missing;
  for (std::string_view column : spec->columns) {
    if (!present.count(std::string(column))) missing += (missing.empty() ? "" : ", ") + std::string(column);
  }
  if (!missing.empty()) {
    throw MetadataError("metadata database: table " + std::string(spec->table) +
                        " exists but lacks column(s) " + missing + " of migration " +
                        version_text(migration.version));
  }
  return true;
}

}  // namespace

std::vector<Migration> migrations_for(std::string_view engine,
                                      const std::vector<EmbeddedMigrationFile>& files) {
  std::map<int, Migration> by_version;
  for (const EmbeddedMigrationFile& file : files) {
    if (file.engine != engine) continue;
    const FileName parsed = parse_file_name(engine, file.file);
    Migration& m = by_version[parsed.version];
    if (!m.name.empty() && m.name != parsed.name) {
      throw MetadataError("migrations/" + std::string(engine) + ": version " + version_text(parsed.version) +
                          " has two names, " + m.name + " and " + parsed.name);
    }
    m.version = parsed.version;
    m.name = parsed.name;
    (parsed.up ? m.up : m.down) = std::string(file.sql);
  }
  std::vector<Migration> migrations;
  for (auto& [version, m] : by_version) {
    if (m.up.empty() || m.down.empty()) {
      throw MetadataError("migrations/" + std::string(engine) + "/" + version_text(version) + "_" + m.name +
                          ": needs both an .up.sql and a .down.sql file");
    }
    migrations.push_back(std::move(m));
  }
  return migrations;
}

MigrationReport migrate_up(SqlSession& session, const SqlDialect& dialect,
                           const std::vector<Migration>& migrations, Timestamp now) {
  if (!dialect.exclusive_lock.empty()) session.query(dialect.exclusive_lock);
  create_migrations_table(session, dialect);
  const std::map<int, std::string> recorded = recorded_migrations(session);
  refuse_if_ahead(recorded, migrations);
  MigrationReport report;
  for (const Migration& migration : migrations) {
    if (recorded.count(migration.version)) continue;
    const bool adopted = adopt_existing(session, dialect, migration);
    if (!adopted) {
      try {
        session.execute_script(migration.up);
      } catch (const MetadataError& e) {
        throw MetadataError("migration " + version_text(migration.version) + " (" + migration.name +
                            ") failed: " + e.what());
      }
    }
    session.query("INSERT INTO " + std::string(kMigrationsTable) +
                      " (version, name, applied_at, adopted) VALUES ($1, $2, $3, " +
                      (adopted ? "TRUE" : "FALSE") + ")",
                  {sql_number(std::int64_t{migration.version}), migration.name, sql_timestamp(now)});
    (adopted ? report.adopted : report.applied).push_back(migration.version);
  }
  return report;
}

void migrate_down(SqlSession& session, const SqlDialect& dialect, const std::vector<Migration>& migrations,
                  int target_version) {
  if (!dialect.exclusive_lock.empty()) session.query(dialect.exclusive_lock);
  create_migrations_table(session, dialect);
  const std::map<int, std::string> recorded = recorded_migrations(session);
  refuse_if_ahead(recorded, migrations);
  for (auto m = migrations.rbegin(); m != migrations.rend(); ++m) {
    if (m->version <= target_version || !recorded.count(m->version)) continue;
    session.execute_script(m->down);
    session.query("DELETE FROM " + std::string(kMigrationsTable) + " WHERE version = $1",
                  {sql_number(std::int64_t{m->version})});
  }
}

}  // namespace fsvc::metadata
