#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "perm/permissions.hpp"

namespace accord {

enum class ChannelType : std::int64_t {
  guild_text = 0,
  dm = 1,
  guild_voice = 2,
  group_dm = 3,
  guild_category = 4,
  guild_announcement = 5,
  announcement_thread = 10,
  public_thread = 11,
  private_thread = 12,
  guild_stage_voice = 13,
  guild_forum = 15,
};

bool is_guild_channel_type(std::int64_t type);
bool is_text_based(ChannelType type);
bool is_voice_based(ChannelType type);
bool is_thread(ChannelType type);

// What a thread has beyond a channel; archiving hides it from the active list, locking stops
// everyone without MANAGE_THREADS from unarchiving it.
struct ThreadMetadata {
  bool archived = false;
  bool locked = false;
  bool invitable = true;                      // private threads: whether non-moderators may add others
  std::int64_t auto_archive_duration = 4320;  // minutes: 60, 1440, 4320 or 10080
  std::int64_t archived_at_ms = 0;            // when archived changed last, or creation
  std::int64_t created_at_ms = 0;
  Snowflake owner_id = 0;
  std::int64_t message_count = 0;
  std::int64_t member_count = 0;  // filled by the service when it matters
};

struct Channel {
  Snowflake id = 0;
  std::optional<Snowflake> guild_id;
  ChannelType type = ChannelType::guild_text;
  std::string name;
  std::int64_t position = 0;
  std::optional<Snowflake> parent_id;
  std::optional<std::string> topic;
  bool nsfw = false;
  std::int64_t rate_limit_per_user = 0;
  std::optional<std::int64_t> bitrate;
  std::optional<std::int64_t> user_limit;
  std::optional<Snowflake> last_message_id;
  std::vector<PermissionOverwrite> overwrites;
  std::optional<ThreadMetadata> thread;  // threads only
  std::int64_t flags = 0;                // PINNED (1 << 1) for forum posts
  // Group DMs: who owns it (may rename it, remove people) and its icon hash.
  std::optional<Snowflake> owner_id;
  std::optional<std::string> icon;
};

bool is_private(ChannelType type);  // a DM or group DM

boost::json::object overwrite_json(const PermissionOverwrite& overwrite);
boost::json::object channel_json(const Channel& channel);
// A DM or group DM as its recipients see it: `recipients` are the users in it other than the viewer.
boost::json::object private_channel_json(const Channel& channel,
                                         const std::vector<boost::json::object>& recipients);

}  // namespace accord
