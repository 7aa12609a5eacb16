// /invites/:code, /guilds/:guild_id/invites
#include "api/api.hpp"

namespace accord {

void add_invites_routes(Router& router, Api& api) {
  auto code = [](const Request& request) { return request.params.at("code"); };

  router.add("GET", "/invites/:code", [&api, code](Request& request) {
    return Response::json(200, api.invites.get(code(request), query_bool(request, "with_counts")));
  });

  router.add("POST", "/invites/:code", [&api, code](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.invites.accept(caller, code(request)));
  });

  router.add("DELETE", "/invites/:code", [&api, code](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.invites.remove(caller, code(request)));
  });

  router.add("GET", "/guilds/:guild_id/invites", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.invites.list_guild(caller, request.id_param("guild_id", 10004, "Guild")));
  });
}

}  // namespace accord
