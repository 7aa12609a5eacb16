#include "core/api_error.hpp"

#include "core/form.hpp"

namespace accord {

ApiError::ApiError(int http_status, int code, std::string message, boost::json::object errors)
    : std::runtime_error(std::move(message)),
      http_status_(http_status),
      code_(code),
      errors_(std::move(errors)) {}

boost::json::object ApiError::to_json() const {
  boost::json::object body{{"message", what()}, {"code", code_}};
  if (!errors_.empty()) body["errors"] = errors_;
  if (retry_after_) {
    body["retry_after"] = *retry_after_;
    body["global"] = false;
  }
  return body;
}

ApiError ApiError::unauthorized() {
  return {401, 0, "401: Unauthorized"};
}
ApiError ApiError::route_not_found() {
  return {404, 0, "404: Not Found"};
}
ApiError ApiError::method_not_allowed() {
  return {405, 0, "405: Method Not Allowed"};
}
ApiError ApiError::invalid_json() {
  return {400, 50109, "The request body contains invalid JSON."};
}
ApiError ApiError::too_large() {
  return {413, 40005, "Request entity too large"};
}
ApiError ApiError::missing_access() {
  return {403, 50001, "Missing Access"};
}
ApiError ApiError::missing_permissions() {
  return {403, 50013, "Missing Permissions"};
}
ApiError ApiError::unknown(int code, std::string what) {
  return {404, code, "Unknown " + std::move(what)};
}

ApiError ApiError::invalid_field(const std::string& field, std::string error_code, std::string message) {
  FormErrors errors;
  errors.add({field}, std::move(error_code), std::move(message));
  return errors.to_api_error();
}

}  // namespace accord
