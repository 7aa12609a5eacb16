// /guilds/:guild_id/emojis[/:emoji_id], /guilds/:guild_id/stickers[/:sticker_id], /stickers/:sticker_id
#include "api/api.hpp"

namespace accord {

void add_guilds_expressions_routes(Router& router, Api& api) {
  auto guild = [](const Request& request) { return request.id_param("guild_id", 10004, "Guild"); };
  auto emoji = [](const Request& request) { return request.id_param("emoji_id", 10014, "Emoji"); };
  auto sticker = [](const Request& request) { return request.id_param("sticker_id", 10060, "Sticker"); };

  router.add("GET", "/guilds/:guild_id/emojis", [&api, guild](Request& request) {
    return Response::json(200, api.expressions.list_emojis(api.caller(request), guild(request)));
  });
  router.add("POST", "/guilds/:guild_id/emojis", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(201, api.expressions.create_emoji(caller, guild(request), request.json()));
  });
  router.add("GET", "/guilds/:guild_id/emojis/:emoji_id", [&api, guild, emoji](Request& request) {
    return Response::json(200,
                          api.expressions.get_emoji(api.caller(request), guild(request), emoji(request)));
  });
  router.add("PATCH", "/guilds/:guild_id/emojis/:emoji_id", [&api, guild, emoji](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.expressions.modify_emoji(caller, guild(request), emoji(request), request.json()));
  });
  router.add("DELETE", "/guilds/:guild_id/emojis/:emoji_id", [&api, guild, emoji](Request& request) {
    api.expressions.delete_emoji(api.caller(request), guild(request), emoji(request));
    return Response::no_content();
  });

  router.add("GET", "/guilds/:guild_id/stickers", [&api, guild](Request& request) {
    return Response::json(200, api.expressions.list_stickers(api.caller(request), guild(request)));
  });
  router.add("POST", "/guilds/:guild_id/stickers", [&api, guild](Request& request) {
    const auto caller = api.caller(request);
    // Stickers are created from a form: name, description, tags and the file.
    const auto upload = read_upload_body(request);
    ExpressionService::StickerUpload sticker_upload;
    if (const auto* fields = upload.json.if_object()) {
      auto text = [&](const char* key) -> std::optional<std::string> {
        const auto* value = fields->if_contains(key);
        if (!value || !value->is_string()) return std::nullopt;
        return std::string(value->as_string());
      };
      sticker_upload.name = text("name");
      sticker_upload.description = text("description");
      sticker_upload.tags = text("tags");
    }
    if (!upload.files.empty()) sticker_upload.file = upload.files.front().bytes;
    return Response::json(201, api.expressions.create_sticker(caller, guild(request), sticker_upload));
  });
  router.add("GET", "/guilds/:guild_id/stickers/:sticker_id", [&api, guild, sticker](Request& request) {
    return Response::json(200,
                          api.expressions.get_sticker(api.caller(request), guild(request), sticker(request)));
  });
  router.add("PATCH", "/guilds/:guild_id/stickers/:sticker_id", [&api, guild, sticker](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(
        200, api.expressions.modify_sticker(caller, guild(request), sticker(request), request.json()));
  });
  router.add("DELETE", "/guilds/:guild_id/stickers/:sticker_id", [&api, guild, sticker](Request& request) {
    api.expressions.delete_sticker(api.caller(request), guild(request), sticker(request));
    return Response::no_content();
  });
  router.add("GET", "/stickers/:sticker_id", [&api, sticker](Request& request) {
    return Response::json(200, api.expressions.get_sticker(api.caller(request), sticker(request)));
  });
}

}  // namespace accord
