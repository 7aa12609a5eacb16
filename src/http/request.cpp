#include "http/request.hpp"

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {

std::optional<std::string_view> Request::header(std::string_view lowercase_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lowercase_name) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query_value(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Snowflake Request::id_param(std::string_view name, int unknown_code, const char* what) const {
  auto it = params.find(name);
  auto id = it == params.end() ? std::nullopt : parse_snowflake(it->second);
  if (!id) throw ApiError::unknown(unknown_code, what);
  return *id;
}

boost::json::value Request::json() const {
  if (body.size() > max_json_bytes) throw ApiError::too_large();
  return parse_json_body(body);
}

}  // namespace accord
