#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/snowflake.hpp"

namespace accord {

// An HTTP request as route handlers see it: no Beast, no sockets.
struct Request {
  std::string method;  // upper case: GET, POST, ...
  std::string path;    // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;
  std::uint16_t local_port = 0;  // the port the request arrived on
  std::size_t max_json_bytes = 1024 * 1024;

  // Filled in by the router.
  int api_version = 9;
  std::map<std::string, std::string, std::less<>> params;

  std::optional<std::string_view> header(std::string_view lowercase_name) const;
  std::optional<std::string_view> query_value(std::string_view name) const;
  // A path parameter that must be a snowflake; anything else is an unknown object (404 `code`).
  Snowflake id_param(std::string_view name, int unknown_code, const char* what) const;
  // The body as a JSON value; 50109 when malformed, 413 when over max_json_bytes.
  boost::json::value json() const;
};

}  // namespace accord
