// /webhooks/:webhook_id[/:token[/messages/:message_id]], and the lists that create and show them:
// /channels/:channel_id/webhooks, /guilds/:guild_id/webhooks, /channels/:channel_id/followers (a
// follower webhook). An interaction's follow-up token
// shares the /webhooks/:application_id/:token paths, as on Discord.
#include "api/api.hpp"

namespace accord {
namespace {

// "@original" names an interaction's first response.
std::optional<Snowflake> message_param(const Request& request) {
  if (request.params.at("message_id") == "@original") return std::nullopt;
  return request.id_param("message_id", 10008, "Message");
}

}  // namespace

void add_webhooks_routes(Router& router, Api& api) {
  auto channel = [](const Request& request) { return request.id_param("channel_id", 10003, "Channel"); };
  auto webhook = [](const Request& request) { return request.id_param("webhook_id", 10015, "Webhook"); };
  auto token = [](const Request& request) { return request.params.at("token"); };

  router.add("POST", "/channels/:channel_id/webhooks", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.webhooks.create(caller, channel(request), request.json()));
  });
  router.add("GET", "/channels/:channel_id/webhooks", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.webhooks.list_channel(caller, channel(request)));
  });
  router.add("POST", "/channels/:channel_id/followers", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.webhooks.follow(caller, channel(request), request.json()));
  });
  router.add("GET", "/guilds/:guild_id/webhooks", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.webhooks.list_guild(caller, request.id_param("guild_id", 10004, "Guild")));
  });

  router.add("GET", "/webhooks/:webhook_id", [&api, webhook](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.webhooks.get(caller, webhook(request)));
  });
  router.add("PATCH", "/webhooks/:webhook_id", [&api, webhook](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.webhooks.modify(caller, webhook(request), request.json()));
  });
  router.add("DELETE", "/webhooks/:webhook_id", [&api, webhook](Request& request) {
    const auto caller = api.caller(request);
    api.webhooks.remove(caller, webhook(request));
    return Response::no_content();
  });

  // By token: no account, whoever holds the URL.
  router.add("GET", "/webhooks/:webhook_id/:token", [&api, webhook, token](Request& request) {
    return Response::json(200, api.webhooks.get(webhook(request), token(request)));
  });
  router.add("PATCH", "/webhooks/:webhook_id/:token", [&api, webhook, token](Request& request) {
    return Response::json(200, api.webhooks.modify(webhook(request), token(request), request.json()));
  });
  router.add("DELETE", "/webhooks/:webhook_id/:token", [&api, webhook, token](Request& request) {
    api.webhooks.remove(webhook(request), token(request));
    return Response::no_content();
  });
  router.add("POST", "/webhooks/:webhook_id/:token", [&api, webhook, token](Request& request) {
    const auto id = webhook(request);
    const auto upload = read_upload_body(request);
    if (api.interactions.is_interaction_token(id, token(request))) {
      return Response::json(200, api.interactions.follow_up(id, token(request), upload.json, upload.files));
    }
    auto message = api.webhooks.execute(id, token(request), upload.json, upload.files,
                                        query_bool(request, "wait"), query_id(request, "thread_id"));
    return message ? Response::json(200, std::move(*message)) : Response::no_content();
  });

  router.add("GET", "/webhooks/:webhook_id/:token/messages/:message_id",
             [&api, webhook, token](Request& request) {
               const auto id = webhook(request);
               if (api.interactions.is_interaction_token(id, token(request)))
                 return Response::json(
                     200, api.interactions.get_message(id, token(request), message_param(request)));
               const auto message = message_param(request);
               if (!message) throw ApiError::unknown(10008, "Message");
               return Response::json(200, api.webhooks.get_message(id, token(request), *message));
             });
  router.add(
      "PATCH", "/webhooks/:webhook_id/:token/messages/:message_id", [&api, webhook, token](Request& request) {
        const auto id = webhook(request);
        const auto upload = read_upload_body(request);
        if (api.interactions.is_interaction_token(id, token(request))) {
          return Response::json(200, api.interactions.edit_message(id, token(request), message_param(request),
                                                                   upload.json, upload.files));
        }
        const auto message = message_param(request);
        if (!message) throw ApiError::unknown(10008, "Message");
        return Response::json(
            200, api.webhooks.edit_message(id, token(request), *message, upload.json, upload.files));
      });
  router.add("DELETE", "/webhooks/:webhook_id/:token/messages/:message_id",
             [&api, webhook, token](Request& request) {
               const auto id = webhook(request);
               if (api.interactions.is_interaction_token(id, token(request))) {
                 api.interactions.delete_message(id, token(request), message_param(request));
                 return Response::no_content();
               }
               const auto message = message_param(request);
               if (!message) throw ApiError::unknown(10008, "Message");
               api.webhooks.delete_message(id, token(request), *message);
               return Response::no_content();
             });
}

}  // namespace accord
