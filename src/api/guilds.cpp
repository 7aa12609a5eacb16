// /guilds, /guilds/:guild_id, /guilds/:guild_id/channels, /users/@me/guilds[/:guild_id]
#include "api/api.hpp"

namespace accord {

void add_guilds_routes(Router& router, Api& api) {
  router.add("POST", "/guilds", [&api](Request& request) {
    return Response::json(201, api.guilds.create(api.caller(request), request.json()));
  });

  router.add("GET", "/guilds/:guild_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto id = request.id_param("guild_id", 10004, "Guild");
    return Response::json(200, api.guilds.get(caller, id, query_bool(request, "with_counts")));
  });

  router.add("PATCH", "/guilds/:guild_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto id = request.id_param("guild_id", 10004, "Guild");
    return Response::json(200, api.guilds.modify(caller, id, request.json()));
  });

  router.add("DELETE", "/guilds/:guild_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.guilds.remove(caller, request.id_param("guild_id", 10004, "Guild"));
    return Response::no_content();
  });

  router.add("GET", "/users/@me/guilds", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.guilds.list_mine(caller, query_id(request, "before"), query_id(request, "after"),
                                  query_limit(request, 200, 200), query_bool(request, "with_counts")));
  });

  router.add("DELETE", "/users/@me/guilds/:guild_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.guilds.leave(caller, request.id_param("guild_id", 10004, "Guild"));
    return Response::no_content();
  });

  router.add("GET", "/guilds/:guild_id/channels", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.channels.list(caller, request.id_param("guild_id", 10004, "Guild")));
  });

  router.add("POST", "/guilds/:guild_id/channels", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto id = request.id_param("guild_id", 10004, "Guild");
    return Response::json(201, api.channels.create(caller, id, request.json()));
  });

  router.add("PATCH", "/guilds/:guild_id/channels", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.channels.reorder(caller, request.id_param("guild_id", 10004, "Guild"), request.json());
    return Response::no_content();
  });
}

}  // namespace accord
