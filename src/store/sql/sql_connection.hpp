#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace accord::store {

// Which database a connection speaks to, for the few queries whose SQL differs (sql_dialect.hpp).
enum class Engine { sqlite, postgres };

// Any failure reported by the database. unique_violation() is the one the store turns into a domain
// error (a taken username, a duplicate command name): SQLITE_CONSTRAINT or SQLSTATE 23505.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& message, bool unique_violation)
      : std::runtime_error(message), unique_violation_(unique_violation) {}
  bool unique_violation() const { return unique_violation_; }

 private:
  bool unique_violation_;
};

// What a backend implements for one prepared statement. Parameters are numbered from 1 as in the
// SQL (?1, ?2...), columns from 0.
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;  // true while a row is available
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual void reset() = 0;  // forgets bindings and results, ready for the next use
};

// A prepared statement borrowed from a connection's cache; reset when it goes out of scope.
class Statement {
 public:
  explicit Statement(StatementBackend& backend) : backend_(&backend) {}
  ~Statement() { backend_->reset(); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value) {
    backend_->bind_int64(index, value);
    return *this;
  }
  Statement& bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, std::string_view value) {
    backend_->bind_text(index, value);
    return *this;
  }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullopt_t) {
    backend_->bind_null(index);
    return *this;
  }
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }

  bool step() { return backend_->step(); }
  void run() {
    while (step()) {
    }
  }

  std::int64_t int64(int column) const { return backend_->int64(column); }
  std::uint64_t uint64(int column) const { return static_cast<std::uint64_t>(int64(column)); }
  // Booleans are stored as integers 0/1 on every backend.
  bool boolean(int column) const { return int64(column) != 0; }
  std::string text(int column) const { return backend_->text(column); }
  std::optional<std::string> optional_text(int column) const {
    if (backend_->is_null(column)) return std::nullopt;
    return text(column);
  }
  std::optional<std::int64_t> optional_int64(int column) const {
    if (backend_->is_null(column)) return std::nullopt;
    return int64(column);
  }
  // Ids are stored as 64-bit integers (snowflakes fit in 63 bits).
  std::optional<std::uint64_t> optional_id(int column) const {
    if (auto value = optional_int64(column)) return static_cast<std::uint64_t>(*value);
    return std::nullopt;
  }

 private:
  StatementBackend* backend_;
};

// One connection to the database, with its prepared statements cached by SQL text. Used by one
// thread at a time (the store's pool lends it out).
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual Engine engine() const = 0;
  Statement prepare(const std::string& sql) { return Statement(prepared(sql)); }
  virtual void execute(const std::string& sql) = 0;  // runs a script of one or more statements
  virtual int changes() const = 0;                   // rows changed by the last statement run

  // A write transaction: once begun, no other writer (on any connection, or any node sharing the
  // database) commits until this one ends, as the store's read-then-write code expects.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

 protected:
  virtual StatementBackend& prepared(const std::string& sql) = 0;
};

// begin() on construction, rollback() unless commit() was called.
class Transaction {
 public:
  explicit Transaction(SqlConnection& connection) : connection_(connection) { connection_.begin(); }
  ~Transaction() {
    if (done_) return;
    try {
      connection_.rollback();
    } catch (...) {
      // The transaction is already gone (e.g. the connection failed); nothing left to undo.
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    connection_.commit();
    done_ = true;
  }

 private:
  SqlConnection& connection_;
  bool done_ = false;
};

}  // namespace accord::store
