#pragma once

#include <string>
#include <vector>

namespace accord::store {

// One numbered schema step. Applied in order, once, inside a transaction, at start-up.
struct Migration {
  int number;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

}  // namespace accord::store
