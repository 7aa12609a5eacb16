#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

struct Guild {
  Snowflake id = 0;
  std::string name;
  std::optional<std::string> icon;  // image hashes, as in CDN URLs
  std::optional<std::string> banner;
  std::optional<std::string> splash;
  Snowflake owner_id = 0;
  std::optional<std::string> description;
  std::int64_t verification_level = 0;
  std::int64_t default_message_notifications = 0;
  std::int64_t explicit_content_filter = 0;
  std::optional<Snowflake> afk_channel_id;
  std::int64_t afk_timeout = 300;
  std::optional<Snowflake> system_channel_id;
  std::int64_t system_channel_flags = 0;
  std::string preferred_locale = "en-US";
};

// The @everyone role has the guild's id, as on Discord.
struct Role {
  Snowflake id = 0;
  Snowflake guild_id = 0;
  std::string name;
  std::int64_t color = 0;
  bool hoist = false;
  std::int64_t position = 0;
  std::uint64_t permissions = 0;
  bool managed = false;
  bool mentionable = false;
  std::optional<Snowflake> bot_id;  // set on the role a bot gets when it is authorized into a guild
  std::optional<std::string> icon;
  std::optional<std::string> unicode_emoji;
};

struct Member {
  Snowflake guild_id = 0;
  Snowflake user_id = 0;
  std::optional<std::string> nick;
  std::int64_t joined_at_ms = 0;
  bool deaf = false;
  bool mute = false;
  std::optional<std::int64_t> communication_disabled_until_ms;
  std::vector<Snowflake> role_ids;    // without @everyone, as Discord sends them
  std::optional<std::string> avatar;  // this guild's avatar hash, over the user's own
};

boost::json::object role_json(const Role& role);
boost::json::object guild_json(const Guild& guild, const std::vector<Role>& roles);
// A member as sent in lists and events; `with_user` false for the partial member in MESSAGE_CREATE.
boost::json::object member_json(const Member& member, const User* user);

}  // namespace accord
