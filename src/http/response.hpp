#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

namespace accord {

class ApiError;

struct Response {
  int status = 200;
  std::string content_type = "application/json";  // exactly this: discord.py, eris and oceanic compare it
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, const boost::json::value& value);
  static Response no_content();
  static Response error(const ApiError& error);
};

}  // namespace accord
