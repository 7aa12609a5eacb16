// /users/@me/settings, /users/@me/guilds/:guild_id/settings, /users/@me/notes/:user_id,
// /users/:user_id/profile
#include "api/api.hpp"

namespace accord {

void add_users_settings_routes(Router& router, Api& api) {
  auto user = [](const Request& request) { return request.id_param("user_id", 10013, "User"); };

  router.add("GET", "/users/@me/settings", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.user_settings.settings(caller.user.id));
  });
  router.add("PATCH", "/users/@me/settings", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.user_settings.modify_settings(caller, request.json()));
  });
  router.add("PATCH", "/users/@me/guilds/:guild_id/settings", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto guild = request.id_param("guild_id", 10004, "Guild");
    return Response::json(200, api.user_settings.modify_guild_settings(caller, guild, request.json()));
  });
  router.add("GET", "/users/@me/notes/:user_id", [&api, user](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.user_settings.note(caller, user(request)));
  });
  router.add("PUT", "/users/@me/notes/:user_id", [&api, user](Request& request) {
    const auto caller = api.caller(request);
    api.user_settings.set_note(caller, user(request), request.json());
    return Response::no_content();
  });
  router.add("GET", "/users/:user_id/profile", [&api, user](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.profiles.profile(caller, user(request), query_id(request, "guild_id")));
  });
}

}  // namespace accord
