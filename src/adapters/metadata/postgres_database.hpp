#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <stop_token>
#include <string>
#include <thread>

#include "adapters/metadata/sql_database.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::metadata {

const SqlDialect& postgres_dialect();

struct PostgresSettings {
  std::string host;
  std::uint16_t port = 5432;
  std::string database;
  std::string user;
  std::string password;
  Duration connect_timeout = 3 * kMicrosPerSecond;
  Duration reconnect_interval = kMicrosPerSecond;  // while disconnected
  Duration ping_interval = 2 * kMicrosPerSecond;   // while connected: notices a lost server without traffic
};

// The metadata database on a PostgreSQL server (libpqxx). Sessions run with TimeZone UTC, so
// TIMESTAMP columns hold UTC. A lost connection makes every transaction throw MetadataUnavailable
// at once (no waiting on a dead server) while a background thread reconnects, runs `on_connect`
// again and puts the connection back into service.
class PostgresDatabase final : public SqlDatabase {
 public:
  // Connects and runs `on_connect`; throws MetadataError when the server cannot be reached or the
  // hook fails (start-up stops with that line).
  PostgresDatabase(PostgresSettings settings, ConnectHook on_connect);
  ~PostgresDatabase() override;
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  void transaction(const std::function<void(SqlSession&)>& work) override;
  const SqlDialect& dialect() const override { return postgres_dialect(); }
  ComponentHealth health() const override;

 private:
  std::unique_ptr<pqxx::connection> connect();  // a migrated connection, or throws
  void mark_disconnected(const std::string& why);
  void watch(const std::stop_token& stop);  // the reconnect / ping loop
  void ping();
  void try_reconnect();
  std::string describe() const;  // "postgresql host:port/db", never the password

  PostgresSettings settings_;
  ConnectHook on_connect_;
  std::mutex connection_mutex_;  // guards connection_: one transaction at a time
  std::unique_ptr<pqxx::connection> connection_;
  std::atomic<bool> connected_{false};
  mutable std::mutex state_mutex_;
  std::string last_failure_;
  std::mutex sleep_mutex_;
  std::condition_variable_any sleep_;  // between pings; woken at once by a stop
  std::jthread watcher_;               // last: stopped and joined before the members it uses go
};

}  // namespace fsvc::metadata
