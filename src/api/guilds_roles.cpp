// /guilds/:guild_id/roles[/:role_id]
#include "api/api.hpp"

namespace accord {

void add_guilds_roles_routes(Router& router, Api& api) {
  auto guild = [](const Request& request) { return request.id_param("guild_id", 10004, "Guild"); };
  auto role = [](const Request& request) { return request.id_param("role_id", 10011, "Role"); };

  router.add("GET", "/guilds/:guild_id/roles", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.roles.list(caller, guild(request)));
  });

  router.add("POST", "/guilds/:guild_id/roles", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.roles.create(caller, guild(request), request.json()));
  });

  router.add("PATCH", "/guilds/:guild_id/roles", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.roles.reorder(caller, guild(request), request.json()));
  });

  router.add("PATCH", "/guilds/:guild_id/roles/:role_id", [&api, guild, role](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.roles.modify(caller, guild(request), role(request), request.json()));
  });

  router.add("DELETE", "/guilds/:guild_id/roles/:role_id", [&api, guild, role](Request& request) {
    const auto caller = api.caller(request);
    api.roles.remove(caller, guild(request), role(request));
    return Response::no_content();
  });
}

}  // namespace accord
