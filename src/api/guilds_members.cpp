// /guilds/:guild_id/members[/search|/@me|/:user_id[/roles/:role_id]], /guilds/:guild_id/bans[/:user_id]
#include "api/api.hpp"
#include "core/api_error.hpp"

namespace accord {

void add_guilds_members_routes(Router& router, Api& api) {
  auto guild = [](const Request& request) { return request.id_param("guild_id", 10004, "Guild"); };
  auto user = [](const Request& request) { return request.id_param("user_id", 10013, "User"); };

  router.add("GET", "/guilds/:guild_id/members", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200,
                          api.members.list(caller, guild(request), query_id(request, "after").value_or(0),
                                           query_limit(request, 1, 1000)));
  });

  router.add("GET", "/guilds/:guild_id/members/search", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    const auto query = request.query_value("query");
    if (!query) throw ApiError::invalid_field("query", "BASE_TYPE_REQUIRED", "This field is required");
    return Response::json(
        200, api.members.search(caller, guild(request), std::string(*query), query_limit(request, 1, 1000)));
  });

  router.add("PATCH", "/guilds/:guild_id/members/@me", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.members.modify_me(caller, guild(request), request.json()));
  });

  router.add("GET", "/guilds/:guild_id/members/:user_id", [&api, guild, user](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.members.get(caller, guild(request), user(request)));
  });

  router.add("PATCH", "/guilds/:guild_id/members/:user_id", [&api, guild, user](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.members.modify(caller, guild(request), user(request), request.json()));
  });

  router.add("DELETE", "/guilds/:guild_id/members/:user_id", [&api, guild, user](Request& request) {
    const auto caller = api.caller(request);
    api.members.kick(caller, guild(request), user(request));
    return Response::no_content();
  });

  router.add("PUT", "/guilds/:guild_id/members/:user_id/roles/:role_id",
             [&api, guild, user](Request& request) {
               const auto caller = api.caller(request);
               api.members.add_role(caller, guild(request), user(request),
                                    request.id_param("role_id", 10011, "Role"));
               return Response::no_content();
             });

  router.add("DELETE", "/guilds/:guild_id/members/:user_id/roles/:role_id",
             [&api, guild, user](Request& request) {
               const auto caller = api.caller(request);
               api.members.remove_role(caller, guild(request), user(request),
                                       request.id_param("role_id", 10011, "Role"));
               return Response::no_content();
             });

  router.add("GET", "/guilds/:guild_id/bans", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.members.list_bans(caller, guild(request)));
  });

  router.add("GET", "/guilds/:guild_id/bans/:user_id", [&api, guild, user](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.members.get_ban(caller, guild(request), user(request)));
  });

  router.add("PUT", "/guilds/:guild_id/bans/:user_id", [&api, guild, user](Request& request) {
    const auto caller = api.caller(request);
    std::optional<std::string> reason;
    if (auto header = request.header("x-audit-log-reason")) reason = audit_log_reason(*header);
    api.members.ban(caller, guild(request), user(request), request.json(), reason);
    return Response::no_content();
  });

  router.add("DELETE", "/guilds/:guild_id/bans/:user_id", [&api, guild, user](Request& request) {
    const auto caller = api.caller(request);
    api.members.unban(caller, guild(request), user(request));
    return Response::no_content();
  });
}

}  // namespace accord
