#include "adapters/metadata/postgres_database.hpp"

#include <chrono>
#include <pqxx/pqxx>

#include "adapters/metadata/sql_values.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::metadata {

namespace {

std::string first_line(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \n\t");
  if (start == std::string_view::npos) return {};
  std::string line(text.substr(start, std::min(text.find('\n', start), text.size()) - start));
  return line.size() > 160 ? line.substr(0, 160) + "..." : line;
}

// A libpq connection-string value: quoted, with backslash and quote escaped.
std::string conninfo_value(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return quoted + "'";
}

std::string conninfo(const PostgresSettings& s) {
  const auto seconds = std::max<Duration>(1, s.connect_timeout / kMicrosPerSecond);
  return "host=" + conninfo_value(s.host) + " port=" + std::to_string(s.port) +
         " dbname=" + conninfo_value(s.database) + " user=" + conninfo_value(s.user) +
         " password=" + conninfo_value(s.password) + " connect_timeout=" + std::to_string(seconds) +
         " keepalives=1 keepalives_idle=5 keepalives_interval=2 keepalives_count=3"
         " application_name=feature-service";
}

// The exception in flight as the port's: a lost connection is MetadataUnavailable, a failing
// statement MetadataError with the server's message and the statement.
[[noreturn]] void rethrow_as_metadata_error(const pqxx::connection& connection, std::string_view sql) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    throw MetadataUnavailable("metadata database connection lost: " + first_line(e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    throw MetadataUnavailable("metadata database connection lost during commit: " + first_line(e.what()));
  } catch (const pqxx::sql_error& e) {
    if (!connection.is_open())
      throw MetadataUnavailable("metadata database connection lost: " + first_line(e.what()));
    throw MetadataError("metadata store (postgresql): " + first_line(e.what()) + " [" + e.sqlstate() +
                        "] in: " + first_line(sql));
  } catch (const pqxx::failure& e) {
    if (!connection.is_open())
      throw MetadataUnavailable("metadata database connection lost: " + first_line(e.what()));
    throw MetadataError("metadata store (postgresql): " + first_line(e.what()) + " in: " + first_line(sql));
  }
}

class PostgresSession final : public SqlSession {
 public:
  PostgresSession(const pqxx::connection& connection, pqxx::transaction_base& transaction)
      : connection_(connection), transaction_(transaction) {}

  std::vector<SqlRow> query(std::string_view sql, const SqlParams& params) override {
    check_text_params(params);
    try {
      return rows_of(transaction_.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(params)));
    } catch (const pqxx::failure&) {
      rethrow_as_metadata_error(connection_, sql);
    }
  }

  void execute_script(std::string_view sql) override {
    try {
      transaction_.exec(std::string(sql));
    } catch (const pqxx::failure&) {
      rethrow_as_metadata_error(connection_, sql);
    }
  }

 private:
  static std::vector<SqlRow> rows_of(const pqxx::result& result) {
    std::vector<SqlRow> rows;
    rows.reserve(result.size());
    for (const pqxx::row& r : result) {
      SqlRow row;
      row.reserve(r.size());
      for (const pqxx::field& f : r) {
        row.emplace_back(f.is_null() ? SqlValue() : SqlValue(std::string(f.c_str(), f.size())));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  const pqxx::connection& connection_;
  pqxx::transaction_base& transaction_;
};

}  // namespace

const SqlDialect& postgres_dialect() {
  static const SqlDialect dialect{
      "postgresql",
      "TIMESTAMP",
      // One key for every feature-service instance sharing the database.
      "SELECT pg_advisory_xact_lock(4900018)",
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND "
      "table_name = $1",
      [](std::string_view column) { return "array_to_json(" + std::string(column) + ")::text"; },
      [](std::string_view placeholder) {
        return "ARRAY(SELECT jsonb_array_elements_text(CAST(" + std::string(placeholder) + " AS JSONB)))";
      },
  };
  return dialect;
}

PostgresDatabase::PostgresDatabase(PostgresSettings settings, ConnectHook on_connect)
    : settings_(std::move(settings)), on_connect_(std::move(on_connect)) {
  try {
    connection_ = connect();
  } catch (const pqxx::failure& e) {
    throw MetadataError("metadata store: cannot connect to " + describe() + ": " + first_line(e.what()));
  }
  connected_ = true;
  watcher_ = std::jthread([this](std::stop_token stop) { watch(stop); });
}

PostgresDatabase::~PostgresDatabase() {
  watcher_.request_stop();
  watcher_.join();
}

std::unique_ptr<pqxx::connection> PostgresDatabase::connect() {
  auto connection = std::make_unique<pqxx::connection>(conninfo(settings_));
  pqxx::nontransaction(*connection).exec("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'");
  if (on_connect_) {
    pqxx::work transaction(*connection);
    PostgresSession session(*connection, transaction);
    on_connect_(session, dialect());
    transaction.commit();
  }
  return connection;
}

void PostgresDatabase::transaction(const std::function<void(SqlSession&)>& work) {
  const auto unavailable = [this] {
    const std::lock_guard state(state_mutex_);
    return MetadataUnavailable("metadata database unavailable (" + describe() + "): " + last_failure_ +
                               "; reconnecting");
  };
  if (!connected_) throw unavailable();
  const std::lock_guard lock(connection_mutex_);
  if (!connected_) throw unavailable();
  try {
    pqxx::work transaction(*connection_);
    PostgresSession session(*connection_, transaction);
    work(session);
    try {
      transaction.commit();
    } catch (const pqxx::failure&) {
      rethrow_as_metadata_error(*connection_, "COMMIT");
    }
  } catch (const MetadataUnavailable& e) {
    mark_disconnected(e.what());
    throw;
  } catch (const pqxx::failure&) {  // opening the transaction
    try {
      rethrow_as_metadata_error(*connection_, "BEGIN");
    } catch (const MetadataUnavailable& e) {
      mark_disconnected(e.what());
      throw;
    }
  }
}

void PostgresDatabase::mark_disconnected(const std::string& why) {
  const std::lock_guard state(state_mutex_);
  last_failure_ = why;
  connected_ = false;
}

ComponentHealth PostgresDatabase::health() const {
  if (connected_) return {HealthStatus::healthy, describe()};
  const std::lock_guard state(state_mutex_);
  return {HealthStatus::degraded, "disconnected: " + describe() + ": " + last_failure_};
}

std::string PostgresDatabase::describe() const {
  return "postgresql " + settings_.host + ":" + std::to_string(settings_.port) + "/" + settings_.database;
}

void PostgresDatabase::watch(const std::stop_token& stop) {
  for (;;) {
    const Duration interval = connected_ ? settings_.ping_interval : settings_.reconnect_interval;
    {
      std::unique_lock lock(sleep_mutex_);
      sleep_.wait_for(lock, stop, std::chrono::microseconds(interval), [] { return false; });
      if (stop.stop_requested()) return;
    }
    if (connected_) {
      ping();
    } else {
      try_reconnect();
    }
  }
}

// Skipped while a transaction runs: that one notices a lost server itself.
void PostgresDatabase::ping() {
  const std::unique_lock lock(connection_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || !connected_) return;
  try {
    pqxx::nontransaction(*connection_).exec("SELECT 1");
  } catch (const pqxx::failure& e) {
    if (!connection_->is_open() || dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
      mark_disconnected("metadata database connection lost: " + first_line(e.what()));
    }
  }
}

void PostgresDatabase::try_reconnect() {
  try {
    std::unique_ptr<pqxx::connection> fresh = connect();
    const std::lock_guard lock(connection_mutex_);
    connection_ = std::move(fresh);
    const std::lock_guard state(state_mutex_);
    last_failure_.clear();
    connected_ = true;
  } catch (const std::exception& e) {
    const std::lock_guard state(state_mutex_);
    last_failure_ = first_line(e.what());
  }
}

}  // namespace fsvc::metadata
