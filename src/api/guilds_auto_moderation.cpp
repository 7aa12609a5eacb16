// /guilds/:guild_id/auto-moderation/rules[/:rule_id]
#include "api/api.hpp"

namespace accord {

void add_guilds_auto_moderation_routes(Router& router, Api& api) {
  auto guild = [](const Request& request) { return request.id_param("guild_id", 10004, "Guild"); };
  auto rule = [](const Request& request) {
    return request.id_param("rule_id", 10066, "auto moderation rule");
  };

  router.add("GET", "/guilds/:guild_id/auto-moderation/rules", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.auto_moderation.list(caller, guild(request)));
  });
  router.add("POST", "/guilds/:guild_id/auto-moderation/rules", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.auto_moderation.create(caller, guild(request), request.json()));
  });
  router.add("GET", "/guilds/:guild_id/auto-moderation/rules/:rule_id",
             [&api, guild, rule](Request& request) {
               const auto caller = api.caller(request);
               return Response::json(200, api.auto_moderation.get(caller, guild(request), rule(request)));
             });
  router.add("PATCH", "/guilds/:guild_id/auto-moderation/rules/:rule_id",
             [&api, guild, rule](Request& request) {
               const auto caller = api.caller(request);
               return Response::json(
                   200, api.auto_moderation.modify(caller, guild(request), rule(request), request.json()));
             });
  router.add("DELETE", "/guilds/:guild_id/auto-moderation/rules/:rule_id",
             [&api, guild, rule](Request& request) {
               const auto caller = api.caller(request);
               api.auto_moderation.remove(caller, guild(request), rule(request));
               return Response::no_content();
             });
}

}  // namespace accord
