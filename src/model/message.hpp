#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

struct Message {
  Snowflake id = 0;
  Snowflake channel_id = 0;
  std::optional<Snowflake> guild_id;
  Snowflake author_id = 0;
  std::string content;
  std::int64_t type = 0;
  bool tts = false;
  std::int64_t flags = 0;
  std::optional<std::string> nonce;
  std::optional<std::int64_t> edited_at_ms;
  bool pinned = false;
  bool mention_everyone = false;
  boost::json::array embeds;
  boost::json::array attachments;    // Discord's attachment objects, with absolute CDN URLs
  boost::json::array sticker_items;  // {id, name, format_type}
  std::vector<Snowflake> mentions;
  std::vector<Snowflake> mention_roles;
  std::optional<Snowflake> reply_to;  // a reply (type 19) to this message of the same channel
  boost::json::array components;      // action rows, validated by validate_components
  // Messages not written by a member in their own name: a webhook's (author_id = webhook id) or an
  // interaction response (author_id = the bot, webhook_id = application id).
  std::optional<Snowflake> webhook_id;
  std::optional<Snowflake> application_id;
  std::optional<std::string> author_name;  // a webhook's username override
  std::optional<std::string> author_avatar;
  boost::json::object interaction;  // the interaction_metadata of a response; empty otherwise
  // An ephemeral interaction response: only this user receives or may read it.
  std::optional<Snowflake> visible_to;
};

inline constexpr std::int64_t message_flag_ephemeral = 1 << 6;
inline constexpr std::int64_t message_flag_loading = 1 << 7;

// `mentioned` are the users in message.mentions, resolved by the caller.
boost::json::object message_json(const Message& message, const User& author,
                                 const std::vector<User>& mentioned);

}  // namespace accord
