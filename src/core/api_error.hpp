#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace accord {

// A failure the client caused or must be told about, carried to the transport boundary and sent
// as Discord's error body: {"code", "message", "errors"?} with its HTTP status.
class ApiError : public std::runtime_error {
 public:
  ApiError(int http_status, int code, std::string message, boost::json::object errors = {});

  int http_status() const { return http_status_; }
  int code() const { return code_; }
  const boost::json::object& errors() const { return errors_; }
  boost::json::object to_json() const;
  // For 429s: seconds until the client may try again (also sent as Retry-After).
  void set_retry_after(double seconds) { retry_after_ = seconds; }
  std::optional<double> retry_after() const { return retry_after_; }

  static ApiError unauthorized();                       // 401, code 0, "401: Unauthorized"
  static ApiError route_not_found();                    // 404, code 0
  static ApiError method_not_allowed();                 // 405, code 0
  static ApiError invalid_json();                       // 400, 50109
  static ApiError too_large();                          // 413, 40005
  static ApiError missing_access();                     // 403, 50001
  static ApiError missing_permissions();                // 403, 50013
  static ApiError unknown(int code, std::string what);  // 404, "Unknown <what>"
  // 400, 50035 with a single field error, for checks made after the form was read.
  static ApiError invalid_field(const std::string& field, std::string error_code, std::string message);

 private:
  int http_status_;
  int code_;
  boost::json::object errors_;
  std::optional<double> retry_after_;
};

}  // namespace accord
