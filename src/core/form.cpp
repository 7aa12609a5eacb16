#include "core/form.hpp"

#include <boost/json/parse.hpp>

namespace accord {
namespace {

std::size_t utf8_length(std::string_view text) {
  std::size_t length = 0;
  for (unsigned char c : text) length += (c & 0xC0) != 0x80;
  return length;
}

}  // namespace

void FormErrors::add(const std::vector<std::string>& path, std::string code, std::string message) {
  boost::json::object* node = &errors_;
  for (const auto& key : path) {
    auto& child = (*node)[key];
    if (!child.is_object()) child = boost::json::object{};
    node = &child.as_object();
  }
  auto& list = (*node)["_errors"];
  if (!list.is_array()) list = boost::json::array{};
  list.as_array().push_back(boost::json::object{{"code", std::move(code)}, {"message", std::move(message)}});
}

ApiError FormErrors::to_api_error() const {
  return ApiError(400, 50035, "Invalid Form Body", errors_);
}

void FormErrors::throw_if_any() const {
  if (!errors_.empty()) throw to_api_error();
}

FormReader::FormReader(const boost::json::value& body) {
  if (body.is_object()) {
    object_ = &body.as_object();
  } else {
    errors_.add({}, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
  }
}

const boost::json::value* FormReader::field(std::string_view key) const {
  if (!object_) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() ? nullptr : &it->value();
}

bool FormReader::has(std::string_view key) const {
  return field(key) != nullptr;
}

bool FormReader::is_null(std::string_view key) const {
  const auto* value = field(key);
  return value && value->is_null();
}

void FormReader::fail(std::string_view key, std::string code, std::string message) {
  errors_.add({std::string(key)}, std::move(code), std::move(message));
}

std::optional<std::string> FormReader::string_field(std::string_view key, bool required,
                                                    std::size_t min_length, std::size_t max_length) {
  const auto* value = field(key);
  if (!value || value->is_null()) {
    if (required && object_) fail(key, "BASE_TYPE_REQUIRED", "This field is required");
    return std::nullopt;
  }
  if (!value->is_string()) {
    fail(key, "BASE_TYPE_STRING", "Could not interpret value as string.");
    return std::nullopt;
  }
  std::string text(value->as_string());
  const auto length = utf8_length(text);
  if (length < min_length || length > max_length) {
    fail(key, "BASE_TYPE_BAD_LENGTH",
         "Must be between " + std::to_string(min_length) + " and " + std::to_string(max_length) +
             " in length.");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> FormReader::required_string(std::string_view key, std::size_t min_length,
                                                       std::size_t max_length) {
  return string_field(key, true, min_length, max_length);
}

std::optional<std::string> FormReader::optional_string(std::string_view key, std::size_t min_length,
                                                       std::size_t max_length) {
  return string_field(key, false, min_length, max_length);
}

std::optional<bool> FormReader::optional_bool(std::string_view key) {
  const auto* value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  if (!value->is_bool()) {
    fail(key, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    return std::nullopt;
  }
  return value->as_bool();
}

std::optional<std::int64_t> FormReader::optional_int(std::string_view key, std::int64_t min,
                                                     std::int64_t max) {
  const auto* value = field(key);
  if (!value || value->is_null()) return std::nullopt;
  std::optional<std::int64_t> number;
  if (value->is_int64()) number = value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    number = static_cast<std::int64_t>(value->as_uint64());
  }
  if (!number) {
    fail(key, "NUMBER_TYPE_COERCE", "Value is not int.");
    return std::nullopt;
  }
  if (*number < min || *number > max) {
    fail(key, "NUMBER_TYPE_MAX",
         "Must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return number;
}

std::optional<Snowflake> snowflake_value(const boost::json::value& value) {
  if (value.is_string()) return parse_snowflake(value.as_string());
  if (value.is_uint64()) return value.as_uint64();
  if (value.is_int64() && value.as_int64() >= 0) return static_cast<Snowflake>(value.as_int64());
  return std::nullopt;
}

boost::json::value parse_json_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return boost::json::object{};
  boost::system::error_code error;
  auto value = boost::json::parse(body, error);
  if (error) throw ApiError::invalid_json();
  return value;
}

}  // namespace accord
