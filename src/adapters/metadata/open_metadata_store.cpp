#include "adapters/metadata/open_metadata_store.hpp"

#include "adapters/metadata/migrations.hpp"
#include "adapters/metadata/sql_metadata_store.hpp"
#include "adapters/metadata/sqlite_database.hpp"

namespace fsvc::metadata {

std::unique_ptr<MetadataStore> open_metadata_store(const MetadataStoreSettings& settings,
                                                   const Clock& clock) {
  const ConnectHook migrate = [&clock](SqlSession& session, const SqlDialect& dialect) {
    migrate_up(session, dialect, migrations_for(dialect.engine), clock.now());
  };
  std::unique_ptr<SqlDatabase> database;
  if (settings.postgres) {
    database = std::make_unique<PostgresDatabase>(*settings.postgres, migrate);
  } else {
    database = std::make_unique<SqliteDatabase>(settings.sqlite_file, migrate);
  }
  return std::make_unique<SqlMetadataStore>(std::move(database), clock);
}

}  // namespace fsvc::metadata
