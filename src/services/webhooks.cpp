#include "services/webhooks.hpp"

#include <algorithm>
#include <cctype>

#include "core/form.hpp"
#include "core/random_token.hpp"
#include "core/text.hpp"

namespace accord {
namespace {

constexpr std::size_t token_bytes = 51;  // 68 characters, the length of Discord's webhook tokens

bool contains_word(std::string_view text, std::string_view word) {
  return lowercase(text).find(word) != std::string::npos;
}

std::optional<std::string> read_name(FormReader& form, bool required) {
  auto name = required ? form.required_string("name", 1, 80) : form.optional_string("name", 1, 80);
  if (!name) return name;
  for (const auto* word : {"clyde", "discord"}) {
    if (contains_word(*name, word)) {
      form.fail("name", "WEBHOOK_INVALID_NAME", std::string("Webhook names cannot contain \"") + word + "\"");
    }
  }
  return name;
}

}  // namespace

Webhook WebhookService::require(Snowflake webhook_id) {
  auto webhook = context_.store.find_webhook(webhook_id);
  if (!webhook) throw ApiError::unknown(10015, "Webhook");
  return std::move(*webhook);
}

Webhook WebhookService::require_token(Snowflake webhook_id, const std::string& token) {
  auto webhook = require(webhook_id);
  if (webhook.token != token) throw ApiError(401, 50027, "Invalid Webhook Token");
  return webhook;
}

void WebhookService::require_room(Snowflake guild_id, Snowflake channel_id) {
  const auto limit = context_.config.get()->limits.max_webhooks_per_channel;
  if (static_cast<std::int64_t>(context_.store.list_webhooks(guild_id, channel_id).size()) >= limit)
    throw ApiError(400, 30007, "Maximum number of webhooks reached (" + std::to_string(limit) + ")");
}

void WebhookService::require_manager(const Caller& caller, const Webhook& webhook) {
  access_.require_in_channel(webhook.channel_id, caller.user.id, permission::manage_webhooks);
}

boost::json::object WebhookService::to_json(const Webhook& webhook, bool with_creator) {
  std::optional<User> creator;
  if (with_creator && webhook.user_id) creator = context_.store.find_user(*webhook.user_id);
  auto json = webhook_json(webhook, creator, media_.base_url() + "/api");
  if (webhook.source_channel_id) {
    const auto channel = context_.store.find_channel(*webhook.source_channel_id);
    const auto guild = channel ? context_.store.find_guild(*channel->guild_id) : std::nullopt;
    if (channel && guild) {
      json["source_channel"] = {{"id", to_string(channel->id)}, {"name", channel->name}};
      json["source_guild"] = {{"id", to_string(guild->id)},
                              {"name", guild->name},
                              {"icon", guild->icon ? boost::json::value(*guild->icon) : nullptr}};
    }
  }
  return json;
}

boost::json::object WebhookService::follow(const Caller& caller, Snowflake channel_id,
                                           const boost::json::value& body) {
  auto source = access_.channel(channel_id, caller.user.id);
  if (source.channel.type != ChannelType::guild_announcement)
    throw ApiError(400, 50024, "Cannot execute action on this channel type");
  const auto* object = body.if_object();
  const auto* target_value = object ? object->if_contains("webhook_channel_id") : nullptr;
  const auto named = target_value ? snowflake_value(*target_value) : std::nullopt;
  if (!named)
    throw ApiError::invalid_field("webhook_channel_id", "BASE_TYPE_REQUIRED", "This field is required");
  const Snowflake target_id = *named;
  auto target = access_.require_in_channel(target_id, caller.user.id, permission::manage_webhooks);
  if (target.channel.type != ChannelType::guild_text)
    throw ApiError::invalid_field("webhook_channel_id", "CHANNEL_INVALID",
                                  "Followers must be text channels.");
  require_room(*target.channel.guild_id, target_id);
  Webhook webhook;
  webhook.id = context_.ids.next();
  webhook.type = webhook_type::channel_follower;
  webhook.guild_id = *target.channel.guild_id;
  webhook.channel_id = target_id;
  webhook.user_id = caller.user.id;
  webhook.name = source.membership.guild.name + " #" + source.channel.name;
  webhook.avatar = source.membership.guild.icon;
  webhook.source_channel_id = channel_id;
  context_.store.save_webhook(webhook);
  audit_log_.record(caller, webhook.guild_id, audit_action::webhook_create, webhook.id,
                    {audit_change("name", nullptr, boost::json::value(webhook.name)),
                     audit_change("type", nullptr, webhook.type)});
  publish_update(webhook.guild_id, webhook.channel_id);
  return {{"channel_id", to_string(channel_id)}, {"webhook_id", to_string(webhook.id)}};
}

boost::json::object WebhookService::crosspost(const Caller& caller, Snowflake channel_id,
                                              Snowflake message_id) {
  auto json = messages_.crosspost(caller, channel_id, message_id);
  const auto original = context_.store.find_message(message_id);
  if (!original) return json;
  constexpr std::int64_t is_crosspost = 1 << 1;
  for (const auto& follower : context_.store.list_followers(channel_id)) {
    auto channel = context_.store.find_channel(follower.channel_id);
    if (!channel) continue;
    MessageOrigin origin;
    origin.author_id = follower.id;
    origin.webhook_id = follower.id;
    origin.author_name = follower.name;
    origin.author_avatar = follower.avatar;
    origin.extra_flags = is_crosspost;
    const boost::json::object copy{{"content", original->content}, {"embeds", original->embeds}};
    try {
      messages_.create_from(std::move(*channel), origin, copy);
    } catch (const ApiError&) {
      // A copy that cannot be posted (an attachment-only announcement) leaves the others to go out.
    }
  }
  return json;
}

void WebhookService::publish_update(Snowflake guild_id, Snowflake channel_id) {
  context_.bus.publish({"WEBHOOKS_UPDATE",
                        {{"guild_id", to_string(guild_id)}, {"channel_id", to_string(channel_id)}},
                        Audience::guild(guild_id),
                        channel_id,
                        intent::guild_webhooks});
}

boost::json::object WebhookService::create(const Caller& caller, Snowflake channel_id,
                                           const boost::json::value& body) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_webhooks);
  if (!is_text_based(access.channel.type) || is_thread(access.channel.type))
    throw ApiError(400, 50024, "Cannot execute action on this channel type");
  FormReader form(body);
  auto name = read_name(form, true);
  std::optional<std::string> avatar;
  if (form.has("avatar") && !form.is_null("avatar"))
    avatar = form.optional_string("avatar", 1, 64 * 1024 * 1024);
  form.finish();
  require_room(*access.channel.guild_id, channel_id);
  Webhook webhook;
  webhook.id = context_.ids.next();
  webhook.guild_id = *access.channel.guild_id;
  webhook.channel_id = channel_id;
  webhook.user_id = caller.user.id;
  webhook.name = *name;
  webhook.token = random_token(token_bytes);
  if (avatar) {
    webhook.avatar = media_.save_image("avatars", webhook.id, *avatar, "avatar",
                                       context_.config.get()->limits.max_image_bytes);
  }
  context_.store.save_webhook(webhook);
  audit_log_.record(caller, webhook.guild_id, audit_action::webhook_create, webhook.id,
                    {audit_change("name", nullptr, boost::json::value(webhook.name)),
                     audit_change("channel_id", nullptr, boost::json::value(to_string(channel_id))),
                     audit_change("type", nullptr, webhook.type)});
  publish_update(webhook.guild_id, channel_id);
  return to_json(webhook, true);
}

boost::json::array WebhookService::list_channel(const Caller& caller, Snowflake channel_id) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_webhooks);
  boost::json::array list;
  for (const auto& webhook : context_.store.list_webhooks(*access.channel.guild_id, channel_id))
    list.push_back(to_json(webhook, true));
  return list;
}

boost::json::array WebhookService::list_guild(const Caller& caller, Snowflake guild_id) {
  access_.require(guild_id, caller.user.id, permission::manage_webhooks);
  boost::json::array list;
  for (const auto& webhook : context_.store.list_webhooks(guild_id, std::nullopt))
    list.push_back(to_json(webhook, true));
  return list;
}

boost::json::object WebhookService::get(const Caller& caller, Snowflake webhook_id) {
  auto webhook = require(webhook_id);
  require_manager(caller, webhook);
  return to_json(webhook, true);
}

boost::json::object WebhookService::get(Snowflake webhook_id, const std::string& token) {
  return to_json(require_token(webhook_id, token), false);
}

boost::json::array WebhookService::apply_changes(Webhook& webhook, const boost::json::value& body,
                                                 const Caller* caller) {
  FormReader form(body);
  auto name = read_name(form, false);
  std::optional<std::optional<std::string>> avatar;
  if (form.has("avatar")) {
    avatar =
        form.is_null("avatar") ? std::optional<std::string>() : form.optional_string("avatar", 1, 64 << 20);
  }
  std::optional<Snowflake> channel_id;
  if (caller && form.has("channel_id") && !form.is_null("channel_id")) {
    channel_id = snowflake_value(body.as_object().at("channel_id"));
    if (!channel_id) form.fail("channel_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
  }
  form.finish();
  boost::json::array changes;
  if (channel_id && *channel_id != webhook.channel_id) {
    // Moving needs MANAGE_WEBHOOKS where it goes too, in the same guild.
    auto target = access_.require_in_channel(*channel_id, caller->user.id, permission::manage_webhooks);
    if (target.channel.guild_id != webhook.guild_id || !is_text_based(target.channel.type) ||
        is_thread(target.channel.type))
      throw ApiError::invalid_field("channel_id", "CHANNEL_INVALID", "Unknown channel.");
    changes.push_back(audit_change("channel_id", boost::json::value(to_string(webhook.channel_id)),
                                   boost::json::value(to_string(*channel_id))));
    publish_update(webhook.guild_id, webhook.channel_id);
    webhook.channel_id = *channel_id;
  }
  if (name && *name != webhook.name) {
    changes.push_back(audit_change("name", boost::json::value(webhook.name), boost::json::value(*name)));
    webhook.name = *name;
  }
  if (avatar) {
    const auto max = context_.config.get()->limits.max_image_bytes;
    webhook.avatar = *avatar
                         ? std::optional(media_.save_image("avatars", webhook.id, **avatar, "avatar", max))
                         : std::nullopt;
    changes.push_back(audit_change(
        "avatar_hash", nullptr, webhook.avatar ? boost::json::value(*webhook.avatar) : boost::json::value()));
  }
  context_.store.save_webhook(webhook);
  publish_update(webhook.guild_id, webhook.channel_id);
  return changes;
}

boost::json::object WebhookService::modify(const Caller& caller, Snowflake webhook_id,
                                           const boost::json::value& body) {
  auto webhook = require(webhook_id);
  require_manager(caller, webhook);
  auto changes = apply_changes(webhook, body, &caller);
  audit_log_.record(caller, webhook.guild_id, audit_action::webhook_update, webhook.id, std::move(changes));
  return to_json(webhook, true);
}

boost::json::object WebhookService::modify(Snowflake webhook_id, const std::string& token,
                                           const boost::json::value& body) {
  auto webhook = require_token(webhook_id, token);
  apply_changes(webhook, body, nullptr);
  return to_json(webhook, false);
}

void WebhookService::remove(const Caller& caller, Snowflake webhook_id) {
  auto webhook = require(webhook_id);
  require_manager(caller, webhook);
  context_.store.delete_webhook(webhook.id);
  audit_log_.record(caller, webhook.guild_id, audit_action::webhook_delete, webhook.id,
                    {audit_change("name", boost::json::value(webhook.name), nullptr)});
  publish_update(webhook.guild_id, webhook.channel_id);
}

void WebhookService::remove(Snowflake webhook_id, const std::string& token) {
  auto webhook = require_token(webhook_id, token);
  context_.store.delete_webhook(webhook.id);
  publish_update(webhook.guild_id, webhook.channel_id);
}

std::optional<boost::json::object> WebhookService::execute(Snowflake webhook_id, const std::string& token,
                                                           const boost::json::value& body,
                                                           const std::vector<UploadedFile>& files, bool wait,
                                                           std::optional<Snowflake> thread_id) {
  auto webhook = require_token(webhook_id, token);
  auto channel = context_.store.find_channel(thread_id.value_or(webhook.channel_id));
  // A thread_id must name a thread of the webhook's own channel.
  if (!channel || (thread_id && channel->parent_id != webhook.channel_id) ||
      (thread_id && !is_thread(channel->type)))
    throw ApiError::unknown(10003, "Channel");
  FormReader form(body);
  auto username = form.optional_string("username", 1, 80);
  auto avatar_url = form.optional_string("avatar_url", 0, 2048);
  form.finish();
  if (username) {
    for (const auto* word : {"clyde", "discord"}) {
      if (contains_word(*username, word))
        throw ApiError::invalid_field("username", "USERNAME_INVALID_CONTAINS",
                                      "Username cannot contain \"" + std::string(word) + "\"");
    }
  }
  MessageOrigin origin;
  origin.author_id = webhook.id;
  origin.webhook_id = webhook.id;
  origin.author_name = username.value_or(webhook.name);
  // avatar_url names an image elsewhere; fetching it would let anyone make the server request any
  // address, so messages keep the webhook's own avatar.
  origin.author_avatar = webhook.avatar;
  origin.may_mention_everyone = true;
  auto message = messages_.create_from(std::move(*channel), origin, body, files);
  if (!wait) return std::nullopt;
  return messages_.to_json(message);
}

Message WebhookService::require_message(const Webhook& webhook, Snowflake message_id) {
  auto message = context_.store.find_message(message_id);
  if (!message || message->webhook_id != webhook.id || !message->author_name)
    throw ApiError::unknown(10008, "Message");
  return std::move(*message);
}

boost::json::object WebhookService::get_message(Snowflake webhook_id, const std::string& token,
                                                Snowflake message_id) {
  auto webhook = require_token(webhook_id, token);
  return messages_.to_json(require_message(webhook, message_id));
}

boost::json::object WebhookService::edit_message(Snowflake webhook_id, const std::string& token,
                                                 Snowflake message_id, const boost::json::value& body,
                                                 const std::vector<UploadedFile>& files) {
  auto webhook = require_token(webhook_id, token);
  return messages_.to_json(messages_.edit_from(require_message(webhook, message_id), body, files));
}

void WebhookService::delete_message(Snowflake webhook_id, const std::string& token, Snowflake message_id) {
  auto webhook = require_token(webhook_id, token);
  messages_.remove_from(require_message(webhook, message_id));
}

}  // namespace accord
