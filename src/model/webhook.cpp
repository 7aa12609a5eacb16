#include "model/webhook.hpp"

namespace accord {

boost::json::object webhook_json(const Webhook& webhook, const std::optional<User>& creator,
                                 const std::string& api_base_url) {
  boost::json::object json{
      {"id", to_string(webhook.id)},
      {"type", webhook.type},
      {"guild_id", to_string(webhook.guild_id)},
      {"channel_id", to_string(webhook.channel_id)},
      {"name", webhook.name},
      {"avatar", webhook.avatar ? boost::json::value(*webhook.avatar) : boost::json::value(nullptr)},
      {"application_id", webhook.application_id ? boost::json::value(to_string(*webhook.application_id))
                                                : boost::json::value(nullptr)},
  };
  // Follower webhooks have no token: only the server posts through them.
  if (!webhook.token.empty()) {
    json["token"] = webhook.token;
    json["url"] = api_base_url + "/webhooks/" + to_string(webhook.id) + "/" + webhook.token;
  }
  if (creator) json["user"] = public_user_json(*creator);
  return json;
}

User webhook_author(Snowflake webhook_id, const std::string& name, const std::optional<std::string>& avatar) {
  User author;
  author.id = webhook_id;
  author.username = name;
  author.discriminator = "0000";
  author.avatar = avatar;
  author.bot = true;
  return author;
}

}  // namespace accord
