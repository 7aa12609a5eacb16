// /channels/:channel_id, /channels/:channel_id/permissions/:overwrite_id, /channels/:channel_id/invites,
// /channels/:channel_id/recipients/:user_id (group DMs)
#include "api/api.hpp"

namespace accord {

void add_channels_routes(Router& router, Api& api) {
  auto channel = [](const Request& request) { return request.id_param("channel_id", 10003, "Channel"); };

  router.add("GET", "/channels/:channel_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    if (auto conversation = api.private_channels.get_if_private(caller, channel(request)))
      return Response::json(200, std::move(*conversation));
    return Response::json(200, api.channels.get(caller, channel(request)));
  });

  router.add("PATCH", "/channels/:channel_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    const auto body = request.json();
    if (auto conversation = api.private_channels.modify_if_private(caller, channel(request), body))
      return Response::json(200, std::move(*conversation));
    if (auto thread = api.threads.modify_if_thread(caller, channel(request), body))
      return Response::json(200, *thread);
    return Response::json(200, api.channels.modify(caller, channel(request), body));
  });

  router.add("DELETE", "/channels/:channel_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    if (auto conversation = api.private_channels.close_if_private(caller, channel(request)))
      return Response::json(200, std::move(*conversation));
    if (api.threads.remove_if_thread(caller, channel(request))) return Response::no_content();
    return Response::json(200, api.channels.remove(caller, channel(request)));
  });

  router.add("PUT", "/channels/:channel_id/permissions/:overwrite_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    const auto target = request.id_param("overwrite_id", 10009, "Overwrite");
    api.channels.set_overwrite(caller, channel(request), target, request.json());
    return Response::no_content();
  });

  router.add("DELETE", "/channels/:channel_id/permissions/:overwrite_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    const auto target = request.id_param("overwrite_id", 10009, "Overwrite");
    api.channels.delete_overwrite(caller, channel(request), target);
    return Response::no_content();
  });

  router.add("PUT", "/channels/:channel_id/recipients/:user_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    api.private_channels.add_recipient(caller, channel(request), request.id_param("user_id", 10013, "User"));
    return Response::no_content();
  });
  router.add("DELETE", "/channels/:channel_id/recipients/:user_id", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    api.private_channels.remove_recipient(caller, channel(request),
                                          request.id_param("user_id", 10013, "User"));
    return Response::no_content();
  });

  router.add("GET", "/channels/:channel_id/invites", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.invites.list_channel(caller, channel(request)));
  });

  router.add("POST", "/channels/:channel_id/invites", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.invites.create(caller, channel(request), request.json()));
  });
}

}  // namespace accord
