#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

namespace accord::store {
namespace {

// A UNIQUE index or PRIMARY KEY refused the row (the extended code tells it from other constraints).
bool unique_violation(sqlite3* db) {
  if (!db) return false;
  const int code = sqlite3_extended_errcode(db);
  return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
}

[[noreturn]] void fail(sqlite3* db, int code) {
  throw DatabaseError(std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)),
                      unique_violation(db));
}

}  // namespace

class SqliteConnection::SqliteStatement final : public StatementBackend {
 public:
  explicit SqliteStatement(sqlite3_stmt* statement) : statement_(statement) {}
  ~SqliteStatement() override { sqlite3_finalize(statement_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_int64(int index, std::int64_t value) override { sqlite3_bind_int64(statement_, index, value); }
  void bind_text(int index, std::string_view value) override {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind_null(int index) override { sqlite3_bind_null(statement_, index); }

  bool step() override {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    fail(sqlite3_db_handle(statement_), code);
  }

  bool is_null(int column) const override { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  std::int64_t int64(int column) const override { return sqlite3_column_int64(statement_, column); }
  std::string text(int column) const override {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
                : std::string();
  }

  void reset() override {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

SqliteConnection::SqliteConnection(const std::string& path, const std::string& synchronous) {
  const int code = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_close(db_);
    db_ = nullptr;
    fail(nullptr, code);
  }
  if (synchronous != "normal" && synchronous != "full") {
    throw std::runtime_error("database.synchronous must be normal or full");
  }
  sqlite3_busy_timeout(db_, 10000);
  execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = " + synchronous + ";");
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalized before the connection closes
  sqlite3_close(db_);
}

StatementBackend& SqliteConnection::prepared(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) fail(db_, code);
    it = statements_.emplace(sql, std::make_unique<SqliteStatement>(statement)).first;
  }
  return *it->second;
}

void SqliteConnection::execute(const std::string& sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    throw DatabaseError("sqlite: " + text, unique_violation(db_));
  }
}

int SqliteConnection::changes() const {
  return sqlite3_changes(db_);
}

}  // namespace accord::store
