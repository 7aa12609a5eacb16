// /users/@me/relationships[/:user_id], /users/@me/channels
#include "api/api.hpp"

namespace accord {

void add_users_relationships_routes(Router& router, Api& api) {
  auto user = [](const Request& request) { return request.id_param("user_id", 10013, "User"); };

  router.add("GET", "/users/@me/relationships", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.relationships.list(caller));
  });
  router.add("POST", "/users/@me/relationships", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.relationships.request_by_name(caller, request.json());
    return Response::no_content();
  });
  router.add("PUT", "/users/@me/relationships/:user_id", [&api, user](Request& request) {
    const auto caller = api.caller(request);
    api.relationships.put(caller, user(request), request.json());
    return Response::no_content();
  });
  router.add("PATCH", "/users/@me/relationships/:user_id", [&api, user](Request& request) {
    const auto caller = api.caller(request);
    api.relationships.set_nickname(caller, user(request), request.json());
    return Response::no_content();
  });
  router.add("DELETE", "/users/@me/relationships/:user_id", [&api, user](Request& request) {
    const auto caller = api.caller(request);
    api.relationships.remove(caller, user(request));
    return Response::no_content();
  });

  router.add("GET", "/users/@me/channels", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.private_channels.list(caller));
  });
  router.add("POST", "/users/@me/channels", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.private_channels.open(caller, request.json()));
  });
}

}  // namespace accord
