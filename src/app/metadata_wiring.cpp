#include "app/metadata_wiring.hpp"

namespace fsvc::app {

metadata::MetadataStoreSettings metadata_settings_from(const config::ServiceConfig& config) {
  metadata::MetadataStoreSettings settings;
  if (!config.postgres.host.empty()) {
    metadata::PostgresSettings pg;
    pg.host = config.postgres.host;
    pg.port = config.postgres.port;
    pg.database = config.postgres.database;
    pg.user = config.postgres.user;
    pg.password = config.postgres.password;
    settings.postgres = pg;
  }
  settings.sqlite_file = config.metadata_sqlite_file();
  return settings;
}

}  // namespace fsvc::app
