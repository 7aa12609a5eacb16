// /applications/:application_id/commands[/:command_id],
// /applications/:application_id/guilds/:guild_id/commands[/:command_id][/permissions],
// /guilds/:guild_id/application-command-index.
#include "api/api.hpp"

namespace accord {

void add_applications_commands_routes(Router& router, Api& api) {
  auto application = [](const Request& request) {
    return request.id_param("application_id", 10002, "Application");
  };
  auto command = [](const Request& request) {
    return request.id_param("command_id", 10063, "application command");
  };
  // Global routes have no guild; guild routes name one.
  auto scope = [](const Request& request) -> std::optional<Snowflake> {
    if (!request.params.contains("guild_id")) return std::nullopt;
    return request.id_param("guild_id", 10004, "Guild");
  };

  // Registered before the :command_id routes, which would take "permissions" for an id.
  // Per-command permission overrides are not kept: every command follows default_member_permissions.
  router.add("GET", "/applications/:application_id/guilds/:guild_id/commands/permissions",
             [&api, application, scope](Request& request) {
               const auto caller = api.caller(request);
               api.commands.list(caller, application(request), scope(request));
               return Response::json(200, boost::json::array{});
             });
  router.add("GET", "/applications/:application_id/guilds/:guild_id/commands/:command_id/permissions",
             [&api, application, scope, command](Request& request) -> Response {
               const auto caller = api.caller(request);
               api.commands.get(caller, application(request), scope(request), command(request));
               throw ApiError::unknown(10066, "application command permissions");
             });

  for (const std::string base : {"/applications/:application_id/commands",
                                 "/applications/:application_id/guilds/:guild_id/commands"}) {
    router.add("GET", base, [&api, application, scope](Request& request) {
      const auto caller = api.caller(request);
      return Response::json(200, api.commands.list(caller, application(request), scope(request)));
    });
    router.add("POST", base, [&api, application, scope](Request& request) {
      const auto caller = api.caller(request);
      bool created = false;
      auto json = api.commands.create(caller, application(request), scope(request), request.json(), created);
      return Response::json(created ? 201 : 200, std::move(json));
    });
    router.add("PUT", base, [&api, application, scope](Request& request) {
      const auto caller = api.caller(request);
      return Response::json(
          200, api.commands.overwrite(caller, application(request), scope(request), request.json()));
    });
    router.add("GET", base + "/:command_id", [&api, application, scope, command](Request& request) {
      const auto caller = api.caller(request);
      return Response::json(200,
                            api.commands.get(caller, application(request), scope(request), command(request)));
    });
    router.add("PATCH", base + "/:command_id", [&api, application, scope, command](Request& request) {
      const auto caller = api.caller(request);
      return Response::json(200, api.commands.modify(caller, application(request), scope(request),
                                                     command(request), request.json()));
    });
    router.add("DELETE", base + "/:command_id", [&api, application, scope, command](Request& request) {
      const auto caller = api.caller(request);
      api.commands.remove(caller, application(request), scope(request), command(request));
      return Response::no_content();
    });
  }

  router.add("GET", "/guilds/:guild_id/application-command-index", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200,
                          api.commands.guild_index(caller, request.id_param("guild_id", 10004, "Guild")));
  });
}

}  // namespace accord
