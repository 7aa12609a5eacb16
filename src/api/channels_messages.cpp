// /channels/:channel_id/messages[/:message_id]
#include "api/api.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"

#include <set>

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
    const auto upload = read_upload_body(request);
    return Response::json(200, api.messages.create(caller, channel(request), upload.json, upload.files));
  });

  router.add("POST", "/channels/:channel_id/messages/bulk-delete", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    api.messages.bulk_remove(caller, channel(request), request.json());
    return Response::no_content();
  });

  router.add("POST", "/channels/:channel_id/messages/:message_id/ack",
             [&api, channel, message](Request& request) {
               const auto caller = api.caller(request);
               // The official client sends {token, manual?, mention_count?}; an empty body is fine too.
               std::optional<std::int64_t> mention_count;
               if (!request.body.empty()) {
                 const auto body = request.json();
                 FormReader form(body);
                 mention_count = form.optional_int("mention_count", 0, 1 << 30);
                 form.finish();
               }
               api.messages.ack(caller, channel(request), message(request), mention_count);
               return Response::json(200, {{"token", nullptr}});
             });

  router.add("POST", "/channels/:channel_id/messages/:message_id/crosspost",
             [&api, channel, message](Request& request) {
               const auto caller = api.caller(request);
               return Response::json(200, api.webhooks.crosspost(caller, channel(request), message(request)));
             });

  router.add("POST", "/channels/:channel_id/attachments", [&api, channel](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.messages.prepare_uploads(caller, channel(request), request.json()));
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

  router.add("GET", "/guilds/:guild_id/messages/search", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto guild = request.id_param("guild_id", 10004, "Guild");
    MessageSearch search;
    search.content = std::string(request.query_value("content").value_or(""));
    for (const auto& [key, value] : request.query) {
      if (key == "has") {
        static const std::set<std::string, std::less<>> kinds{"link",  "embed", "file",   "image",
                                                              "video", "sound", "sticker"};
        if (!kinds.contains(value))
          throw ApiError::invalid_field(
              "has", "BASE_TYPE_CHOICES",
              "Value must be one of link, embed, file, image, video, sound, sticker.");
        search.has.push_back(value);
        continue;
      }
      auto* list = key == "author_id"    ? &search.author_ids
                   : key == "channel_id" ? &search.channel_ids
                   : key == "mentions"   ? &search.mentions
                                         : nullptr;
      if (!list) continue;
      auto id = parse_snowflake(value);
      if (!id) throw ApiError::invalid_field(key, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      list->push_back(*id);
    }
    search.limit = query_limit(request, 25, 25);
    if (auto offset = request.query_value("offset")) {
      const auto parsed = parse_snowflake(*offset);
      if (!parsed || *parsed > 5000)
        throw ApiError::invalid_field("offset", "NUMBER_TYPE_MAX", "Must be 0..5000.");
      search.offset = static_cast<std::int64_t>(*parsed);
    }
    return Response::json(200, api.messages.search(caller, guild, std::move(search)));
  });

  router.add("GET", "/channels/:channel_id/messages/:message_id", [&api, channel, message](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.messages.get(caller, channel(request), message(request)));
  });

  router.add(
      "PATCH", "/channels/:channel_id/messages/:message_id", [&api, channel, message](Request& request) {
        const auto caller = api.caller(request);
        const auto upload = read_upload_body(request);
        return Response::json(
            200, api.messages.edit(caller, channel(request), message(request), upload.json, upload.files));
      });

  router.add("DELETE", "/channels/:channel_id/messages/:message_id",
             [&api, channel, message](Request& request) {
               const auto caller = api.caller(request);
               api.messages.remove(caller, channel(request), message(request));
               return Response::no_content();
             });
}

}  // namespace accord
