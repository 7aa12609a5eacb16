// /channels/:channel_id/messages[/:message_id]
#include "api/api.hpp"

namespace accord {

void add_channels_messages_routes(Router& router, Api& api) {
  auto channel = [](const Request& request) { return request.id_param("channel_id", 10003, "Channel"); };
  auto message = [](const Request& request) { return request.id_param("message_id", 10008, "Message"); };

  router.add("GET", "/channels/:channel_id/messages", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    MessagePage page;
    page.before = query_id(request, "before");
    page.after = query_id(request, "after");
    page.around = query_id(request, "around");
    page.limit = query_limit(request, 50, 100);
    return Response::json(200, api.messages.list(caller, channel(request), page));
  });

  router.add("POST", "/channels/:channel_id/messages", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.messages.create(caller, channel(request), request.json()));
  });

  router.add("POST", "/channels/:channel_id/messages/bulk-delete", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    api.messages.bulk_remove(caller, channel(request), request.json());
    return Response::no_content();
  });

  router.add("POST", "/channels/:channel_id/typing", [&api, channel](Request& request) {
    api.messages.typing(api.caller(request), channel(request));
    return Response::no_content();
  });

  // Pins: the classic paths and the newer /messages/pins ones.
  auto list_pins = [&api, channel](Request& request) {
    return Response::json(200, api.messages.pins(api.caller(request), channel(request)));
  };
  router.add("GET", "/channels/:channel_id/pins", list_pins);
  for (const char* path :
       {"/channels/:channel_id/pins/:message_id", "/channels/:channel_id/messages/pins/:message_id"}) {
    router.add("PUT", path, [&api, channel, message](Request& request) {
      api.messages.pin(api.caller(request), channel(request), message(request), true);
      return Response::no_content();
    });
    router.add("DELETE", path, [&api, channel, message](Request& request) {
      api.messages.pin(api.caller(request), channel(request), message(request), false);
      return Response::no_content();
    });
  }

  router.add("GET", "/channels/:channel_id/messages/:message_id", [&api, channel, message](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.messages.get(caller, channel(request), message(request)));
  });

  router.add("PATCH", "/channels/:channel_id/messages/:message_id",
             [&api, channel, message](Request& request) {
               const auto caller = api.caller(request);
               return Response::json(
                   200, api.messages.edit(caller, channel(request), message(request), request.json()));
             });

  router.add("DELETE", "/channels/:channel_id/messages/:message_id",
             [&api, channel, message](Request& request) {
               const auto caller = api.caller(request);
               api.messages.remove(caller, channel(request), message(request));
               return Response::no_content();
             });
}

}  // namespace accord
