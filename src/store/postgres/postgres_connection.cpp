#include "store/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

namespace accord::store {
namespace {

// SQLSTATE unique_violation: a UNIQUE index or PRIMARY KEY refused the row.
constexpr std::string_view unique_violation_state = "23505";

// The key of the advisory lock every write transaction takes (any constant; "accord" in ASCII).
constexpr std::int64_t write_lock_key = 0x6163636f7264;

// Owns a PGresult.
struct Result {
  PGresult* result = nullptr;
  explicit Result(PGresult* r) : result(r) {}
  ~Result() { PQclear(result); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
};

bool succeeded(const PGresult* result) {
  const auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

[[noreturn]] void fail_result(const PGresult* result, const char* what) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string message = PQresultErrorMessage(result);
  throw DatabaseError(std::string("postgres: ") + what + ": " + message,
                      state && unique_violation_state == state);
}

}  // namespace

class PostgresConnection::PostgresStatement final : public StatementBackend {
 public:
  PostgresStatement(PostgresConnection& connection, std::string name, const std::string& sql)
      : connection_(connection), name_(std::move(name)) {
    rewrite(sql);
  }
  ~PostgresStatement() override { PQclear(result_); }
  PostgresStatement(const PostgresStatement&) = delete;
  PostgresStatement& operator=(const PostgresStatement&) = delete;

  void bind_int64(int index, std::int64_t value) override { set(index, std::to_string(value)); }
  void bind_text(int index, std::string_view value) override { set(index, std::string(value)); }
  void bind_null(int index) override { set(index, std::nullopt); }

  bool step() override {
    if (!result_) execute();
    return ++row_ < PQntuples(result_);
  }

  bool is_null(int column) const override { return PQgetisnull(result_, row_, column) != 0; }

  std::int64_t int64(int column) const override {
    const char* value = PQgetvalue(result_, row_, column);
    // A boolean expression (EXISTS, a comparison) comes back as t/f; stored booleans are 0/1.
    if (value[0] == 't' && value[1] == '\0') return 1;
    if (value[0] == 'f' && value[1] == '\0') return 0;
    std::int64_t number = 0;
    std::from_chars(value, value + PQgetlength(result_, row_, column), number);
    return number;
  }

  std::string text(int column) const override {
    return std::string(PQgetvalue(result_, row_, column),
                       static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }

  void reset() override {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    for (auto& value : values_) value.reset();
  }

  const std::string& name() const { return name_; }
  const std::string& sql() const { return sql_; }
  // The connection's generation when this was last prepared on the server; none yet.
  std::uint64_t generation = std::numeric_limits<std::uint64_t>::max();

 private:
  // ?N becomes $M, where M numbers the parameters densely in order of first use: PostgreSQL must
  // infer a type for every $M, so a number the SQL never uses (?5 in a query that binds it only
  // for its sibling) must not leave a gap. Quoted text is copied as it is.
  void rewrite(const std::string& sql) {
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      const char c = sql[i];
      if (quote) {
        if (c == quote) quote = 0;
        sql_ += c;
      } else if (c == '\'' || c == '"') {
        quote = c;
        sql_ += c;
      } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
        std::size_t end = i + 1;
        int number = 0;
        while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9')
          number = number * 10 + (sql[end++] - '0');
        if (static_cast<std::size_t>(number) >= slot_of_.size()) slot_of_.resize(number + 1, -1);
        if (slot_of_[number] < 0) {
          slot_of_[number] = static_cast<int>(values_.size());
          values_.emplace_back();
        }
        sql_ += '$' + std::to_string(slot_of_[number] + 1);
        i = end - 1;
      } else {
        sql_ += c;
      }
    }
  }

  void set(int index, std::optional<std::string> value) {
    // A number the SQL does not use is ignored, as SQLite would ignore a binding it never reads.
    if (index < 0 || static_cast<std::size_t>(index) >= slot_of_.size() || slot_of_[index] < 0) return;
    values_[slot_of_[index]] = std::move(value);
  }

  void execute() {
    connection_.prepare_on_server(*this);
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const auto& value : values_) values.push_back(value ? value->c_str() : nullptr);
    result_ = PQexecPrepared(connection_.db_, name_.c_str(), static_cast<int>(values.size()), values.data(),
                             nullptr, nullptr, 0);
    if (!succeeded(result_)) {
      Result failed(result_);
      result_ = nullptr;
      connection_.changes_ = 0;
      fail_result(failed.result, "query failed");
    }
    const char* tuples = PQcmdTuples(result_);
    connection_.changes_ = tuples[0] ? std::atoi(tuples) : 0;
    row_ = -1;
  }

  PostgresConnection& connection_;
  std::string name_;
  std::string sql_;
  std::vector<int> slot_of_;  // ?N -> index into values_, or -1
  std::vector<std::optional<std::string>> values_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

PostgresConnection::PostgresConnection(const std::string& url) {
  db_ = PQconnectdb(url.c_str());
  if (PQstatus(db_) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(db_);
    PQfinish(db_);
    db_ = nullptr;
    throw DatabaseError("postgres: cannot connect: " + message, false);
  }
  // Notices ("relation already exists, skipping") are not errors; the log has no use for them.
  PQsetNoticeProcessor(
      db_, [](void*, const char*) {}, nullptr);
}

PostgresConnection::~PostgresConnection() {
  statements_.clear();
  PQfinish(db_);
}

void PostgresConnection::fail(const char* what) {
  throw DatabaseError(std::string("postgres: ") + what + ": " + PQerrorMessage(db_), false);
}

StatementBackend& PostgresConnection::prepared(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto name = "accord_" + std::to_string(statements_.size() + 1);
    it = statements_.emplace(sql, std::make_unique<PostgresStatement>(*this, std::move(name), sql)).first;
  }
  return *it->second;
}

void PostgresConnection::prepare_on_server(PostgresStatement& statement) {
  if (PQstatus(db_) != CONNECTION_OK) {
    // The server went away (restart, failover): a new session, which has no prepared statements.
    PQreset(db_);
    if (PQstatus(db_) != CONNECTION_OK) fail("connection lost");
    PQsetNoticeProcessor(
        db_, [](void*, const char*) {}, nullptr);
    ++generation_;
  }
  if (statement.generation == generation_) return;
  Result result(PQprepare(db_, statement.name().c_str(), statement.sql().c_str(), 0, nullptr));
  if (!succeeded(result.result)) fail_result(result.result, "prepare failed");
  statement.generation = generation_;
}

void PostgresConnection::execute(const std::string& sql) {
  Result result(PQexec(db_, sql.c_str()));
  if (!succeeded(result.result)) fail_result(result.result, "statement failed");
  const char* tuples = PQcmdTuples(result.result);
  changes_ = tuples[0] ? std::atoi(tuples) : 0;
}

void PostgresConnection::begin() {
  // SQLite has one writer at a time, and the store's read-then-write transactions (create a guild
  // unless the name is taken, renumber positions...) rely on nothing changing between their read
  // and their write. Every write transaction therefore takes the same transaction-scoped advisory
  // lock first: writers from every connection of every node sharing this database run one after
  // another, exactly as on SQLite. Reads outside transactions do not wait for it.
  try {
    execute("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(write_lock_key) + ")");
  } catch (...) {
    PQclear(PQexec(db_, "ROLLBACK"));  // BEGIN may have run: leave no transaction open
    throw;
  }
}

}  // namespace accord::store
