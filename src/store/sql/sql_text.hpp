#pragma once

#include <string>
#include <string_view>

namespace accord::store {

// "ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b..." for a column list that starts
// with id: an insert that overwrites an existing row in place, in SQL both engines speak (SQLite's
// INSERT OR REPLACE would delete the row first, and PostgreSQL has no such statement).
inline std::string upsert_by_id(std::string_view columns) {
  std::string sql = " ON CONFLICT (id) DO UPDATE SET ";
  bool first = true;
  while (!columns.empty()) {
    const auto comma = columns.find(',');
    auto column = columns.substr(0, comma);
    columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 1);
    while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
    while (!column.empty() && column.back() == ' ') column.remove_suffix(1);
    if (column.empty() || column == "id") continue;
    if (!first) sql += ", ";
    first = false;
    sql.append(column).append(" = excluded.").append(column);
  }
  return sql;
}

}  // namespace accord::store
