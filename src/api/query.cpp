// Request readers shared by the route files: the caller, query-string values.
#include <boost/url/pct_string_view.hpp>
#include <charconv>

#include "api/api.hpp"
#include "core/api_error.hpp"

namespace accord {

std::string audit_log_reason(std::string_view header) {
  auto encoded = boost::urls::make_pct_string_view(header);
  return encoded ? encoded->decode() : std::string(header);
}

Caller Api::caller(const Request& request) const {
  auto caller = sessions.require(request.header("authorization"));
  if (auto header = request.header("x-audit-log-reason"); header && !header->empty()) {
    auto reason = audit_log_reason(*header);
    if (reason.size() > 512) reason.resize(512);
    caller.audit_reason = std::move(reason);
  }
  return caller;
}

bool query_bool(const Request& request, std::string_view name) {
  const auto value = request.query_value(name);
  return value && (*value == "true" || *value == "True" || *value == "1");
}

std::int64_t query_limit(const Request& request, std::int64_t fallback, std::int64_t max) {
  const auto value = request.query_value("limit");
  if (!value) return fallback;
  std::int64_t limit = 0;
  auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), limit);
  if (error != std::errc{} || end != value->data() + value->size() || limit < 1 || limit > max) {
    throw ApiError::invalid_field("limit", "NUMBER_TYPE_MAX",
                                  "Must be between 1 and " + std::to_string(max) + ".");
  }
  return limit;
}

std::optional<Snowflake> query_id(const Request& request, std::string_view name) {
  const auto value = request.query_value(name);
  if (!value) return std::nullopt;
  auto id = parse_snowflake(*value);
  if (!id) throw ApiError::invalid_field(std::string(name), "NUMBER_TYPE_COERCE", "Value is not snowflake.");
  return id;
}

}  // namespace accord
