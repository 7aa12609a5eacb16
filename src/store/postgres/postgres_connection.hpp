#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "store/sql/sql_connection.hpp"

struct pg_conn;

namespace accord::store {

// One PostgreSQL connection (libpq) with its prepared statements cached by SQL text. The store's SQL
// numbers parameters ?1, ?2... as SQLite does; they are rewritten to $1, $2... once, when the
// statement is prepared. Values travel as text and the server infers their types from the SQL.
class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(const std::string& url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Engine engine() const override { return Engine::postgres; }
  void execute(const std::string& sql) override;
  int changes() const override { return changes_; }
  void begin() override;
  void commit() override { execute("COMMIT"); }
  void rollback() override { execute("ROLLBACK"); }

 protected:
  StatementBackend& prepared(const std::string& sql) override;

 private:
  class PostgresStatement;
  friend class PostgresStatement;

  // Prepares (again, after a reconnect) the statement on the server under its generated name.
  void prepare_on_server(PostgresStatement& statement);
  [[noreturn]] void fail(const char* what);

  pg_conn* db_ = nullptr;
  int changes_ = 0;
  // Bumped by a reconnect, which forgets every server-side prepared statement.
  std::uint64_t generation_ = 0;
  std::map<std::string, std::unique_ptr<PostgresStatement>> statements_;
};

}  // namespace accord::store
