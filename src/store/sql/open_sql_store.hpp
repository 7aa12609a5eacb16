#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "store/sql/sql_store.hpp"

namespace accord::store {

// Whether a database.url names PostgreSQL (postgres:// or postgresql://).
bool is_postgres_url(const std::string& url);

// `count` connections to the SQLite file at path (":memory:" for a private in-memory database: use
// one connection, as each would see its own).
std::vector<std::unique_ptr<SqlConnection>> sqlite_connections(const std::string& path,
                                                               const std::string& synchronous,
                                                               std::size_t count);

// The store at database_url when it names PostgreSQL, else the SQLite file at sqlite_path (with
// database.synchronous), with `connections` pooled connections. Not yet migrated.
std::unique_ptr<SqlStore> open_sql_store(const std::string& database_url, const std::string& sqlite_path,
                                         const std::string& synchronous, std::size_t connections);

}  // namespace accord::store
