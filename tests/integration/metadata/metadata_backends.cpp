#include "metadata_backends.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <random>

#include "adapters/metadata/sqlite_database.hpp"
#include "support/paths.hpp"

namespace fsvc::test {

namespace {

std::uint16_t postgres_port() {
  const char* port = std::getenv("FS_TEST_POSTGRES_PORT");
  return port ? static_cast<std::uint16_t>(std::atoi(port)) : 0;
}

std::string admin_conninfo() {
  return "host=127.0.0.1 port=" + std::to_string(postgres_port()) + " dbname=postgres user=postgres";
}

// Unique per process and per test, so that parallel suites and reruns never share a database.
std::string unique_database_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return "fs_metadata_test_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1'000'000) + "_" +
         std::to_string(counter++);
}

void admin(const std::string& sql) {
  pqxx::connection connection(admin_conninfo());
  pqxx::nontransaction(connection).exec(sql);
}

}  // namespace

SqliteBackend::SqliteBackend() : dir_(make_temp_dir("fs-metadata")) {}

SqliteBackend::~SqliteBackend() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

metadata::MetadataStoreSettings SqliteBackend::settings() const {
  return {std::nullopt, dir_ / "nested" / "metadata.sqlite3"};
}

std::unique_ptr<metadata::SqlDatabase> SqliteBackend::database(
    const metadata::ConnectHook& on_connect) const {
  return std::make_unique<metadata::SqliteDatabase>(settings().sqlite_file, on_connect);
}

bool PostgresBackend::available() {
  return postgres_port() != 0;
}

PostgresBackend::PostgresBackend() : name_(unique_database_name()) {
  admin("CREATE DATABASE " + name_);
}

PostgresBackend::~PostgresBackend() {
  try {
    admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "could not drop test database " << name_ << ": " << e.what();
  }
}

metadata::MetadataStoreSettings PostgresBackend::settings() const {
  metadata::PostgresSettings pg;
  pg.host = "127.0.0.1";
  pg.port = postgres_port();
  pg.database = name_;
  pg.user = "postgres";
  pg.reconnect_interval = 100 * kMicrosPerMilli;
  pg.ping_interval = 100 * kMicrosPerMilli;
  return {pg, {}};
}

std::vector<std::pair<std::string, std::string>> PostgresBackend::serve_variables() const {
  const metadata::PostgresSettings pg = *settings().postgres;
  return {{"POSTGRES_HOST", pg.host},
          {"POSTGRES_PORT", std::to_string(pg.port)},
          {"POSTGRES_DB", pg.database},
          {"POSTGRES_USER", pg.user}};
}

std::unique_ptr<metadata::SqlDatabase> PostgresBackend::database(
    const metadata::ConnectHook& on_connect) const {
  return std::make_unique<metadata::PostgresDatabase>(*settings().postgres, on_connect);
}

void PostgresBackend::allow_connections(bool allow) const {
  admin("ALTER DATABASE " + name_ + " ALLOW_CONNECTIONS " + (allow ? "true" : "false"));
}

void PostgresBackend::terminate_connections() const {
  admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name_ + "'");
}

}  // namespace fsvc::test
