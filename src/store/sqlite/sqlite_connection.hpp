#pragma once

#include <map>
#include <memory>
#include <string>

#include "store/sql/sql_connection.hpp"

struct sqlite3;

namespace accord::store {

// One SQLite connection (WAL, foreign keys on) with its prepared statements cached by SQL text.
class SqliteConnection final : public SqlConnection {
 public:
  SqliteConnection(const std::string& path, const std::string& synchronous);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::sqlite; }
  void execute(const std::string& sql) override;
  int changes() const override;
  // BEGIN IMMEDIATE takes SQLite's one write lock at once, so writers queue instead of failing.
  void begin() override { execute("BEGIN IMMEDIATE"); }
  void commit() override { execute("COMMIT"); }
  void rollback() override { execute("ROLLBACK"); }

 protected:
  StatementBackend& prepared(const std::string& sql) override;

 private:
  class SqliteStatement;
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

}  // namespace accord::store
