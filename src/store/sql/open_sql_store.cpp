#include "store/sql/open_sql_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "store/postgres/postgres_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace accord::store {

bool is_postgres_url(const std::string& url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

std::vector<std::unique_ptr<SqlConnection>> sqlite_connections(const std::string& path,
                                                               const std::string& synchronous,
                                                               std::size_t count) {
  std::vector<std::unique_ptr<SqlConnection>> pool;
  for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i) {
    pool.push_back(std::make_unique<SqliteConnection>(path, synchronous));
  }
  return pool;
}

std::unique_ptr<SqlStore> open_sql_store(const std::string& database_url, const std::string& sqlite_path,
                                         const std::string& synchronous, std::size_t connections) {
  if (!database_url.empty() && !is_postgres_url(database_url)) {
    throw std::runtime_error(
        "database.url must start with postgres:// or postgresql:// (or be empty for SQLite)");
  }
  if (database_url.empty()) {
    return std::make_unique<SqlStore>(sqlite_connections(sqlite_path, synchronous, connections));
  }
  std::vector<std::unique_ptr<SqlConnection>> pool;
  for (std::size_t i = 0; i < std::max<std::size_t>(connections, 1); ++i) {
    pool.push_back(std::make_unique<PostgresConnection>(database_url));
  }
  return std::make_unique<SqlStore>(std::move(pool));
}

}  // namespace accord::store
