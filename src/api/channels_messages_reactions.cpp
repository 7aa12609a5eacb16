// /channels/:channel_id/messages/:message_id/reactions[/:emoji[/@me|/:user_id]]
#include "api/api.hpp"

namespace accord {

void add_channels_messages_reactions_routes(Router& router, Api& api) {
  auto channel = [](const Request& request) { return request.id_param("channel_id", 10003, "Channel"); };
  auto message = [](const Request& request) { return request.id_param("message_id", 10008, "Message"); };
  auto emoji = [](const Request& request) { return request.params.find("emoji")->second; };
  const std::string base = "/channels/:channel_id/messages/:message_id/reactions";

  router.add("PUT", base + "/:emoji/@me", [&api, channel, message, emoji](Request& request) {
    api.reactions.add(api.caller(request), channel(request), message(request), emoji(request));
    return Response::no_content();
  });
  router.add("DELETE", base + "/:emoji/@me", [&api, channel, message, emoji](Request& request) {
    api.reactions.remove_own(api.caller(request), channel(request), message(request), emoji(request));
    return Response::no_content();
  });
  router.add("DELETE", base + "/:emoji/:user_id", [&api, channel, message, emoji](Request& request) {
    const auto caller = api.caller(request);
    const auto user = request.id_param("user_id", 10013, "User");
    api.reactions.remove_user(caller, channel(request), message(request), emoji(request), user);
    return Response::no_content();
  });
  router.add("GET", base + "/:emoji", [&api, channel, message, emoji](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.reactions.users(caller, channel(request), message(request), emoji(request),
                                 query_id(request, "after").value_or(0), query_limit(request, 25, 100)));
  });
  router.add("DELETE", base + "/:emoji", [&api, channel, message, emoji](Request& request) {
    api.reactions.remove_emoji(api.caller(request), channel(request), message(request), emoji(request));
    return Response::no_content();
  });
  router.add("DELETE", base, [&api, channel, message](Request& request) {
    api.reactions.remove_all(api.caller(request), channel(request), message(request));
    return Response::no_content();
  });
}

}  // namespace accord
