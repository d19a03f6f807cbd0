#pragma once

#include "adapters/config/service_config.hpp"
#include "adapters/metadata/open_metadata_store.hpp"

namespace fsvc::app {

// PostgreSQL when POSTGRES_HOST is set, else the SQLite file (FEATURE_SERVICE_METADATA_SQLITE_PATH,
// by default under the dataset storage path).
metadata::MetadataStoreSettings metadata_settings_from(const config::ServiceConfig& config);

}  // namespace fsvc::app
