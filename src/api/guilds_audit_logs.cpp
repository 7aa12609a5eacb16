// /guilds/:guild_id/audit-logs
#include <charconv>

#include "api/api.hpp"

namespace accord {

void add_guilds_audit_logs_routes(Router& router, Api& api) {
  router.add("GET", "/guilds/:guild_id/audit-logs", [&api](Request& request) {
    const auto caller = api.caller(request);
    AuditLogQuery query;
    query.guild_id = request.id_param("guild_id", 10004, "Guild");
    query.user_id = query_id(request, "user_id");
    if (const auto type = request.query_value("action_type")) {
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(type->data(), type->data() + type->size(), value);
      if (error != std::errc{} || end != type->data() + type->size())
        throw ApiError::invalid_field("action_type", "NUMBER_TYPE_COERCE", "Value is not int.");
      query.action_type = value;
    }
    query.before = query_id(request, "before");
    query.after = query_id(request, "after");
    query.limit = query_limit(request, 50, 100);
    return Response::json(200, api.audit_log.list(caller, query));
  });
}

}  // namespace accord
