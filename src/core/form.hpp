#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.hpp"
#include "core/snowflake.hpp"

namespace accord {

// Collects field errors in Discord's nested form: {"field": {"_errors": [{"code", "message"}]}},
// array indices as string keys, whole-body problems under the top-level "_errors".
class FormErrors {
 public:
  void add(const std::vector<std::string>& path, std::string code, std::string message);
  bool empty() const { return errors_.empty(); }
  ApiError to_api_error() const;  // 400, 50035 "Invalid Form Body"
  void throw_if_any() const;

 private:
  boost::json::object errors_;
};

// Reads a JSON object body field by field, recording every problem before failing once, so the
// client sees all its mistakes in one answer as Discord does.
class FormReader {
 public:
  explicit FormReader(const boost::json::value& body);

  bool has(std::string_view key) const;      // present, even if null
  bool is_null(std::string_view key) const;  // present and null

  std::optional<std::string> required_string(std::string_view key, std::size_t min_length,
                                             std::size_t max_length);
  std::optional<std::string> optional_string(std::string_view key, std::size_t min_length,
                                             std::size_t max_length);
  std::optional<bool> optional_bool(std::string_view key);
  std::optional<std::int64_t> optional_int(std::string_view key, std::int64_t min, std::int64_t max);

  void fail(std::string_view key, std::string code, std::string message);
  FormErrors& errors() { return errors_; }
  void finish() const { errors_.throw_if_any(); }

 private:
  const boost::json::value* field(std::string_view key) const;
  std::optional<std::string> string_field(std::string_view key, bool required, std::size_t min_length,
                                          std::size_t max_length);

  const boost::json::object* object_ = nullptr;
  FormErrors errors_;
};

// A snowflake as clients send one: a decimal string, or (discord.py in op 8) a JSON number.
std::optional<Snowflake> snowflake_value(const boost::json::value& value);

// Parses a request body that must be a JSON object; an empty body is an empty object.
boost::json::value parse_json_body(std::string_view body);

}  // namespace accord
