// /guilds/:guild_id/scheduled-events[/:event_id[/users[/@me]]]
#include "api/api.hpp"

namespace accord {

void add_guilds_scheduled_events_routes(Router& router, Api& api) {
  auto guild = [](const Request& request) { return request.id_param("guild_id", 10004, "Guild"); };
  auto event = [](const Request& request) {
    return request.id_param("event_id", 10070, "Guild Scheduled Event");
  };

  router.add("GET", "/guilds/:guild_id/scheduled-events", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.scheduled_events.list(caller, guild(request), query_bool(request, "with_user_count")));
  });
  router.add("POST", "/guilds/:guild_id/scheduled-events", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.scheduled_events.create(caller, guild(request), request.json()));
  });
  router.add("GET", "/guilds/:guild_id/scheduled-events/:event_id", [&api, guild, event](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.scheduled_events.get(caller, guild(request), event(request),
                                                        query_bool(request, "with_user_count")));
  });
  router.add("PATCH", "/guilds/:guild_id/scheduled-events/:event_id", [&api, guild, event](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.scheduled_events.modify(caller, guild(request), event(request), request.json()));
  });
  router.add("DELETE", "/guilds/:guild_id/scheduled-events/:event_id",
             [&api, guild, event](Request& request) {
               const auto caller = api.caller(request);
               api.scheduled_events.remove(caller, guild(request), event(request));
               return Response::no_content();
             });
  router.add(
      "GET", "/guilds/:guild_id/scheduled-events/:event_id/users", [&api, guild, event](Request& request) {
        const auto caller = api.caller(request);
        return Response::json(200, api.scheduled_events.users(
                                       caller, guild(request), event(request),
                                       query_id(request, "after").value_or(0), query_id(request, "before"),
                                       query_limit(request, 100, 100), query_bool(request, "with_member")));
      });
  for (const char* method : {"PUT", "DELETE"}) {
    const bool interested = std::string_view(method) == "PUT";
    router.add(method, "/guilds/:guild_id/scheduled-events/:event_id/users/@me",
               [&api, guild, event, interested](Request& request) {
                 const auto caller = api.caller(request);
                 api.scheduled_events.set_interest(caller, guild(request), event(request), interested);
                 return Response::no_content();
               });
  }
}

}  // namespace accord
