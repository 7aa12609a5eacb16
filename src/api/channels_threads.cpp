// /channels/:channel_id/threads, /channels/:channel_id/messages/:message_id/threads,
// /channels/:channel_id/thread-members, /guilds/:guild_id/threads/active, archived thread lists.
#include "api/api.hpp"
#include "core/timestamp.hpp"

namespace accord {
namespace {

std::optional<std::int64_t> before_timestamp(const Request& request) {
  const auto text = request.query_value("before");
  if (!text) return std::nullopt;
  auto at = parse_iso_timestamp(*text);
  if (!at) throw ApiError::invalid_field("before", "DATE_TYPE_PARSE", "Could not parse the date.");
  return at;
}

}  // namespace

void add_channels_threads_routes(Router& router, Api& api) {
  auto channel = [](const Request& request) { return request.id_param("channel_id", 10003, "Channel"); };
  auto user = [](const Request& request) { return request.id_param("user_id", 10013, "User"); };

  router.add("POST", "/channels/:channel_id/messages/:message_id/threads", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    const auto message = request.id_param("message_id", 10008, "Message");
    return Response::json(201,
                          api.threads.start_from_message(caller, channel(request), message, request.json()));
  });
  router.add("POST", "/channels/:channel_id/threads", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    const auto upload = read_upload_body(request);
    return Response::json(201, api.threads.start(caller, channel(request), upload.json, upload.files));
  });

  router.add("PUT", "/channels/:channel_id/thread-members/@me", [&api, channel](Request& request) {
    api.threads.join(api.caller(request), channel(request));
    return Response::no_content();
  });
  router.add("DELETE", "/channels/:channel_id/thread-members/@me", [&api, channel](Request& request) {
    api.threads.leave(api.caller(request), channel(request));
    return Response::no_content();
  });
  router.add("PUT", "/channels/:channel_id/thread-members/:user_id", [&api, channel, user](Request& request) {
    api.threads.add_member(api.caller(request), channel(request), user(request));
    return Response::no_content();
  });
  router.add("DELETE", "/channels/:channel_id/thread-members/:user_id",
             [&api, channel, user](Request& request) {
               api.threads.remove_member(api.caller(request), channel(request), user(request));
               return Response::no_content();
             });
  router.add("GET", "/channels/:channel_id/thread-members", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200,
                          api.threads.members(caller, channel(request), query_bool(request, "with_member")));
  });
  router.add("GET", "/channels/:channel_id/thread-members/:user_id", [&api, channel, user](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.threads.member(caller, channel(request), user(request), query_bool(request, "with_member")));
  });

  router.add("GET", "/guilds/:guild_id/threads/active", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.threads.active(caller, request.id_param("guild_id", 10004, "Guild")));
  });
  router.add("GET", "/channels/:channel_id/threads/archived/public", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.threads.archived(caller, channel(request), ThreadService::Archived::public_threads,
                                  before_timestamp(request), query_limit(request, 50, 100)));
  });
  router.add("GET", "/channels/:channel_id/threads/archived/private", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.threads.archived(caller, channel(request), ThreadService::Archived::private_threads,
                                  before_timestamp(request), query_limit(request, 50, 100)));
  });
  router.add(
      "GET", "/channels/:channel_id/users/@me/threads/archived/private", [&api, channel](Request& request) {
        const auto caller = api.caller(request);
        return Response::json(
            200,
            api.threads.archived(caller, channel(request), ThreadService::Archived::joined_private_threads,
                                 before_timestamp(request), query_limit(request, 50, 100)));
      });
}

}  // namespace accord
