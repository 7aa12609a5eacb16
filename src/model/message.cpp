#include "model/message.hpp"

#include "core/timestamp.hpp"

namespace accord {

boost::json::object message_json(const Message& message, const User& author,
                                 const std::vector<User>& mentioned) {
  boost::json::array mentions;
  for (const auto& user : mentioned) mentions.push_back(public_user_json(user));
  boost::json::array mention_roles;
  for (auto id : message.mention_roles) mention_roles.push_back(boost::json::value(to_string(id)));
  boost::json::object json{
      {"id", to_string(message.id)},
      {"channel_id", to_string(message.channel_id)},
      {"author", public_user_json(author)},
      {"content", message.content},
      {"timestamp", iso_timestamp(snowflake_unix_ms(message.id))},
      {"edited_timestamp", message.edited_at_ms ? boost::json::value(iso_timestamp(*message.edited_at_ms))
                                                : boost::json::value(nullptr)},
      {"tts", message.tts},
      {"mention_everyone", message.mention_everyone},
      {"mentions", std::move(mentions)},
      {"mention_roles", std::move(mention_roles)},
      {"mention_channels", boost::json::array{}},
      {"attachments", message.attachments},
      {"embeds", message.embeds},
      {"reactions", boost::json::array{}},
      {"pinned", message.pinned},
      {"type", message.type},
      {"flags", message.flags},
      {"components", message.components},
  };
  if (message.webhook_id) json["webhook_id"] = to_string(*message.webhook_id);
  if (message.application_id) json["application_id"] = to_string(*message.application_id);
  if (!message.interaction.empty()) {
    json["interaction_metadata"] = message.interaction;
    // The deprecated `interaction` field, which older libraries still read.
    boost::json::object legacy{{"id", message.interaction.at("id")},
                               {"type", message.interaction.at("type")},
                               {"user", message.interaction.at("user")}};
    if (const auto* name = message.interaction.if_contains("name")) legacy["name"] = *name;
    json["interaction"] = std::move(legacy);
  }
  if (message.guild_id) json["guild_id"] = to_string(*message.guild_id);
  if (message.nonce) json["nonce"] = *message.nonce;
  if (!message.sticker_items.empty()) json["sticker_items"] = message.sticker_items;
  return json;
}

}  // namespace accord
