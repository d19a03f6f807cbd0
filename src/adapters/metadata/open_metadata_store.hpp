#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "adapters/metadata/postgres_database.hpp"
#include "ports/clock.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::metadata {

struct MetadataStoreSettings {
  std::optional<PostgresSettings> postgres;  // set: PostgreSQL; unset: the SQLite file
  std::filesystem::path sqlite_file;
};

// Opens the configured database and brings its schema up to date (migrations/ of this build).
// Throws MetadataError with one line when it cannot: server unreachable, file not writable, a
// database ahead of this binary. `clock` must outlive the store.
std::unique_ptr<MetadataStore> open_metadata_store(const MetadataStoreSettings& settings, const Clock& clock);

}  // namespace fsvc::metadata
