#pragma once

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "core/snowflake.hpp"

namespace accord::store {

// Lists of ids kept in one TEXT column as a JSON array of strings (mentions, exempt roles...).
inline std::string ids_to_json(const std::vector<Snowflake>& ids) {
  boost::json::array array;
  for (auto id : ids) array.push_back(boost::json::value(to_string(id)));
  return boost::json::serialize(array);
}

// Ids as a JSON array of numbers, bound to one parameter and read by dialect::id_list: one query for a
// whole list, compared as integers against INTEGER id columns.
inline std::string ids_to_json_numbers(const std::vector<Snowflake>& ids) {
  std::string text = "[";
  for (auto id : ids) {
    if (text.size() > 1) text += ',';
    text += std::to_string(id);
  }
  return text + "]";
}

inline std::vector<Snowflake> ids_from_json(const std::string& text) {
  std::vector<Snowflake> ids;
  const auto parsed = boost::json::parse(text);
  for (const auto& value : parsed.as_array()) {
    if (auto id = parse_snowflake(value.as_string())) ids.push_back(*id);
  }
  return ids;
}

}  // namespace accord::store
