#include "services/reactions.hpp"

#include <algorithm>

#include "core/api_error.hpp"

namespace accord {

std::string checked_emoji(const std::string& emoji) {
  const bool has_unicode =
      std::any_of(emoji.begin(), emoji.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (emoji.empty() || emoji.size() > 64 || !has_unicode) throw ApiError(400, 10014, "Unknown Emoji");
  return emoji;
}

boost::json::object emoji_json(const std::string& emoji) {
  return {{"id", nullptr}, {"name", emoji}};
}

Access::ChannelAccess ReactionService::message_access(const Caller& caller, Snowflake channel_id,
                                                      Snowflake message_id, Message& message) {
  auto access = access_.require_in_conversation(channel_id, caller.user.id, permission::read_message_history);
  auto found = context_.store.find_message(message_id);
  if (!found || found->channel_id != channel_id || found->visible_to)
    throw ApiError::unknown(10008, "Message");
  message = std::move(*found);
  return access;
}

void ReactionService::publish(const char* name, const Access::ChannelAccess& access, const Message& message,
                              Snowflake user_id, const std::string& emoji) {
  boost::json::object payload{{"user_id", to_string(user_id)},
                              {"channel_id", to_string(message.channel_id)},
                              {"message_id", to_string(message.id)},
                              {"emoji", emoji_json(emoji)},
                              {"burst", false},
                              {"type", 0}};
  if (!access.channel.guild_id) {
    constexpr std::uint64_t direct_message_reactions = 1 << 13;
    if (std::string_view(name) == "MESSAGE_REACTION_ADD")
      payload["message_author_id"] = to_string(message.author_id);
    context_.bus.publish({name, std::move(payload), Audience::channel(message.channel_id), std::nullopt,
                          direct_message_reactions});
    return;
  }
  payload["guild_id"] = to_string(*access.channel.guild_id);
  if (std::string_view(name) == "MESSAGE_REACTION_ADD") {
    payload["message_author_id"] = to_string(message.author_id);
    payload["burst_colors"] = boost::json::array{};
    if (auto member = context_.store.find_member(*access.channel.guild_id, user_id)) {
      const auto user = context_.store.find_user(user_id);
      payload["member"] = member_json(*member, user ? &*user : nullptr);
    }
  }
  context_.bus.publish({name, std::move(payload), Audience::guild(*access.channel.guild_id),
                        message.channel_id, intent::guild_message_reactions});
}

void ReactionService::add(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                          const std::string& emoji) {
  Message message;
  auto access = message_access(caller, channel_id, message_id, message);
  const auto existing = context_.store.reaction_counts(message_id, caller.user.id);
  const bool known =
      std::any_of(existing.begin(), existing.end(), [&](const auto& r) { return r.emoji == emoji; });
  // Joining a reaction needs only history; starting a new one needs ADD_REACTIONS.
  if (!known) {
    if (!has(access.permissions, permission::add_reactions)) throw ApiError::missing_permissions();
    if (existing.size() >= 20) throw ApiError(400, 30010, "Maximum number of reactions reached (20)");
  }
  if (context_.store.add_reaction(message_id, checked_emoji(emoji), caller.user.id,
                                  context_.clock.now_ms())) {
    publish("MESSAGE_REACTION_ADD", access, message, caller.user.id, emoji);
  }
}

void ReactionService::remove_own(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                 const std::string& emoji) {
  Message message;
  auto access = message_access(caller, channel_id, message_id, message);
  if (context_.store.remove_reaction(message_id, checked_emoji(emoji), caller.user.id)) {
    publish("MESSAGE_REACTION_REMOVE", access, message, caller.user.id, emoji);
  }
}

void ReactionService::remove_user(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                  const std::string& emoji, Snowflake user_id) {
  Message message;
  auto access = message_access(caller, channel_id, message_id, message);
  if (user_id != caller.user.id && !has(access.permissions, permission::manage_messages)) {
    throw ApiError::missing_permissions();
  }
  if (context_.store.remove_reaction(message_id, checked_emoji(emoji), user_id)) {
    publish("MESSAGE_REACTION_REMOVE", access, message, user_id, emoji);
  }
}

void ReactionService::remove_all(const Caller& caller, Snowflake channel_id, Snowflake message_id) {
  Message message;
  auto access = message_access(caller, channel_id, message_id, message);
  if (!has(access.permissions, permission::manage_messages)) throw ApiError::missing_permissions();
  context_.store.remove_reactions(message_id, std::nullopt);
  context_.bus.publish({"MESSAGE_REACTION_REMOVE_ALL",
                        {{"channel_id", to_string(channel_id)},
                         {"message_id", to_string(message_id)},
                         {"guild_id", to_string(*access.channel.guild_id)}},
                        Audience::guild(*access.channel.guild_id),
                        channel_id,
                        intent::guild_message_reactions});
}

void ReactionService::remove_emoji(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                   const std::string& emoji) {
  Message message;
  auto access = message_access(caller, channel_id, message_id, message);
  if (!has(access.permissions, permission::manage_messages)) throw ApiError::missing_permissions();
  context_.store.remove_reactions(message_id, checked_emoji(emoji));
  context_.bus.publish({"MESSAGE_REACTION_REMOVE_EMOJI",
                        {{"channel_id", to_string(channel_id)},
                         {"message_id", to_string(message_id)},
                         {"guild_id", to_string(*access.channel.guild_id)},
                         {"emoji", emoji_json(emoji)}},
                        Audience::guild(*access.channel.guild_id),
                        channel_id,
                        intent::guild_message_reactions});
}

boost::json::array ReactionService::users(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                          const std::string& emoji, Snowflake after, std::int64_t limit) {
  Message message;
  message_access(caller, channel_id, message_id, message);
  boost::json::array list;
  for (const auto& user : context_.store.find_users(
           context_.store.reaction_users(message_id, checked_emoji(emoji), after, limit))) {
    list.push_back(public_user_json(user));
  }
  return list;
}

}  // namespace accord
