#include "adapters/metadata/sqlite_database.hpp"

#include <sqlite3.h>

#include <memory>

#include "adapters/metadata/sql_values.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::metadata {

namespace {

constexpr int kBusyTimeoutMs = 5000;

std::string first_line(std::string_view sql) {
  const std::size_t start = sql.find_first_not_of(" \n\t");
  if (start == std::string_view::npos) return {};
  std::string line(sql.substr(start, std::min(sql.find('\n', start), sql.size()) - start));
  return line.size() > 100 ? line.substr(0, 100) + "..." : line;
}

// Failures that say the file or disk is in trouble, not the statement: health reports them.
bool is_storage_failure(int code) {
  switch (code & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_READONLY:
      return true;
    default:
      return false;
  }
}

class SqliteFailure : public MetadataError {
 public:
  SqliteFailure(int code, const std::string& message) : MetadataError(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

[[noreturn]] void fail(sqlite3* db, int code, std::string_view sql) {
  const std::string message =
      "metadata store (sqlite): " + std::string(sqlite3_errmsg(db)) + " in: " + first_line(sql);
  if ((code & 0xff) == SQLITE_BUSY) throw MetadataUnavailable(message);
  throw SqliteFailure(code, message);
}

struct StatementCloser {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

class SqliteSession final : public SqlSession {
 public:
  explicit SqliteSession(sqlite3* db) : db_(db) {}

  std::vector<SqlRow> query(std::string_view sql, const SqlParams& params) override {
    check_text_params(params);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
        rc != SQLITE_OK) {
      fail(db_, rc, sql);
    }
    const std::unique_ptr<sqlite3_stmt, StatementCloser> statement(raw);
    bind(statement.get(), sql, params);
    std::vector<SqlRow> rows;
    while (true) {
      const int rc = sqlite3_step(statement.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(db_, rc, sql);
      rows.push_back(row_of(statement.get()));
    }
    return rows;
  }

  void execute_script(std::string_view sql) override {
    const std::string text(sql);
    if (int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK)
      fail(db_, rc, sql);
  }

 private:
  // $1..$N are named parameters to SQLite: bound by name, so their order in the text is free.
  void bind(sqlite3_stmt* statement, std::string_view sql, const SqlParams& params) {
    if (sqlite3_bind_parameter_count(statement) != static_cast<int>(params.size())) {
      throw MetadataError("metadata store (sqlite): " + std::to_string(params.size()) +
                          " parameter(s) given for: " + first_line(sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string name = "$" + std::to_string(i + 1);
      const int index = sqlite3_bind_parameter_index(statement, name.c_str());
      if (index == 0) throw MetadataError("metadata store (sqlite): no " + name + " in: " + first_line(sql));
      const int rc = params[i] ? sqlite3_bind_text(statement, index, params[i]->data(),
                                                   static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                               : sqlite3_bind_null(statement, index);
      if (rc != SQLITE_OK) fail(db_, rc, sql);
    }
  }

  // REAL columns go through sql_number so that a double reads back exactly (SQLite's own text
  // form keeps only 15 digits).
  static SqlRow row_of(sqlite3_stmt* statement) {
    SqlRow row;
    const int columns = sqlite3_column_count(statement);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(statement, c)) {
        case SQLITE_NULL:
          row.emplace_back(std::nullopt);
          break;
        case SQLITE_INTEGER:
          row.emplace_back(sql_number(static_cast<std::int64_t>(sqlite3_column_int64(statement, c))));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sql_number(sqlite3_column_double(statement, c)));
          break;
        default:
          row.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, c)),
                                       static_cast<std::size_t>(sqlite3_column_bytes(statement, c))));
      }
    }
    return row;
  }

  sqlite3* db_;
};

}  // namespace

const SqlDialect& sqlite_dialect() {
  static const SqlDialect dialect{
      "sqlite",
      "TEXT",
      "",
      "SELECT name FROM pragma_table_info($1)",
      [](std::string_view column) { return std::string(column); },
      [](std::string_view placeholder) { return std::string(placeholder); },
  };
  return dialect;
}

SqliteDatabase::SqliteDatabase(std::filesystem::path file, const ConnectHook& on_connect)
    : file_(std::move(file)) {
  std::error_code error;
  if (file_.has_parent_path()) std::filesystem::create_directories(file_.parent_path(), error);
  if (error) {
    throw MetadataError("metadata store: cannot create the folder of " + file_.string() + ": " +
                        error.message());
  }
  const int rc = sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw MetadataError("metadata store: cannot open SQLite file " + file_.string() + ": " + message);
  }
  try {
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    SqliteSession(db_).execute_script("PRAGMA journal_mode = WAL");
    if (on_connect) transaction([&](SqlSession& session) { on_connect(session, dialect()); });
  } catch (const std::exception& e) {
    sqlite3_close(db_);
    throw MetadataError(std::string(e.what()) + " (SQLite file " + file_.string() + ")");
  }
}

SqliteDatabase::~SqliteDatabase() {
  sqlite3_close(db_);
}

void SqliteDatabase::transaction(const std::function<void(SqlSession&)>& work) {
  const std::lock_guard lock(mutex_);
  SqliteSession session(db_);
  try {
    session.execute_script("BEGIN IMMEDIATE");
    try {
      work(session);
      session.execute_script("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    const std::lock_guard state(state_mutex_);
    last_failure_.clear();
  } catch (const SqliteFailure& e) {
    if (is_storage_failure(e.code())) {
      const std::lock_guard state(state_mutex_);
      last_failure_ = e.what();
    }
    throw;
  }
}

ComponentHealth SqliteDatabase::health() const {
  const std::lock_guard state(state_mutex_);
  if (!last_failure_.empty())
    return {HealthStatus::degraded, "sqlite " + file_.string() + ": " + last_failure_};
  return {HealthStatus::healthy, "sqlite " + file_.string()};
}

}  // namespace fsvc::metadata
