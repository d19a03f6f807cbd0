#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/metadata/open_metadata_store.hpp"
#include "adapters/metadata/sql_database.hpp"

namespace fsvc::test {

// The two engines the metadata suite runs against. Each test gets a database of its own: a fresh
// SQLite file, or a uniquely named PostgreSQL database on the private server of scripts/servers.sh
// (FS_TEST_POSTGRES_PORT) that the backend created and drops again; no other database is touched.
class MetadataBackend {
 public:
  virtual ~MetadataBackend() = default;
  virtual metadata::MetadataStoreSettings settings() const = 0;
  // The raw database (no migrations unless `on_connect` runs them).
  virtual std::unique_ptr<metadata::SqlDatabase> database(const metadata::ConnectHook& on_connect) const = 0;
};

class SqliteBackend final : public MetadataBackend {
 public:
  SqliteBackend();
  ~SqliteBackend() override;
  metadata::MetadataStoreSettings settings() const override;
  std::unique_ptr<metadata::SqlDatabase> database(const metadata::ConnectHook& on_connect) const override;

 private:
  std::filesystem::path dir_;
};

class PostgresBackend final : public MetadataBackend {
 public:
  // Skips the test when FS_TEST_POSTGRES_PORT is unset (fails on CI): check available() first.
  PostgresBackend();
  ~PostgresBackend() override;
  static bool available();
  metadata::MetadataStoreSettings settings() const override;
  std::unique_ptr<metadata::SqlDatabase> database(const metadata::ConnectHook& on_connect) const override;

  // POSTGRES_HOST, _PORT, _DB and _USER naming this database, for a `serve` process.
  std::vector<std::pair<std::string, std::string>> serve_variables() const;

  // Through a separate administrative connection to the server's `postgres` database.
  void allow_connections(bool allow) const;
  void terminate_connections() const;

 private:
  std::string name_;
};

}  // namespace fsvc::test
