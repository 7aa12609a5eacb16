#include "model/channel.hpp"

namespace accord {

bool is_guild_channel_type(std::int64_t type) {
  switch (static_cast<ChannelType>(type)) {
    case ChannelType::guild_text:
    case ChannelType::guild_voice:
    case ChannelType::guild_category:
    case ChannelType::guild_announcement:
    case ChannelType::guild_stage_voice:
    case ChannelType::guild_forum:
      return true;
    default:
      return false;
  }
}

bool is_text_based(ChannelType type) {
  return type == ChannelType::guild_text || type == ChannelType::guild_announcement ||
         type == ChannelType::dm || type == ChannelType::group_dm || type == ChannelType::guild_voice ||
         type == ChannelType::guild_stage_voice;
}

bool is_voice_based(ChannelType type) {
  return type == ChannelType::guild_voice || type == ChannelType::guild_stage_voice;
}

boost::json::object overwrite_json(const PermissionOverwrite& overwrite) {
  return {{"id", to_string(overwrite.id)},
          {"type", overwrite.type},
          {"allow", std::to_string(overwrite.allow)},
          {"deny", std::to_string(overwrite.deny)}};
}

boost::json::object channel_json(const Channel& channel) {
  boost::json::array overwrites;
  for (const auto& overwrite : channel.overwrites) overwrites.push_back(overwrite_json(overwrite));
  boost::json::object json{
      {"id", to_string(channel.id)},
      {"type", static_cast<std::int64_t>(channel.type)},
      {"name", channel.name},
      {"position", channel.position},
      {"flags", 0},
  };
  if (channel.guild_id) {
    json["guild_id"] = to_string(*channel.guild_id);
    json["permission_overwrites"] = std::move(overwrites);
    json["parent_id"] = channel.parent_id ? boost::json::value(to_string(*channel.parent_id)) : nullptr;
    json["nsfw"] = channel.nsfw;
  }
  if (is_text_based(channel.type)) {
    json["last_message_id"] =
        channel.last_message_id ? boost::json::value(to_string(*channel.last_message_id)) : nullptr;
    json["rate_limit_per_user"] = channel.rate_limit_per_user;
  }
  if (channel.type == ChannelType::guild_text || channel.type == ChannelType::guild_announcement ||
      channel.type == ChannelType::guild_forum) {
    json["topic"] = channel.topic ? boost::json::value(*channel.topic) : nullptr;
  }
  if (is_voice_based(channel.type)) {
    json["bitrate"] = channel.bitrate.value_or(64000);
    json["user_limit"] = channel.user_limit.value_or(0);
    json["rtc_region"] = nullptr;
  }
  return json;
}

}  // namespace accord
