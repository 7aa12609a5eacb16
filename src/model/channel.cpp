#include "model/channel.hpp"

#include "core/timestamp.hpp"

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

bool is_thread(ChannelType type) {
  return type == ChannelType::announcement_thread || type == ChannelType::public_thread ||
         type == ChannelType::private_thread;
}

bool is_private(ChannelType type) {
  return type == ChannelType::dm || type == ChannelType::group_dm;
}

bool is_text_based(ChannelType type) {
  return is_thread(type) || type == ChannelType::guild_text || type == ChannelType::guild_announcement ||
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

boost::json::object private_channel_json(const Channel& channel,
                                         const std::vector<boost::json::object>& recipients) {
  boost::json::array users;
  for (const auto& user : recipients) users.push_back(user);
  boost::json::object json{
      {"id", to_string(channel.id)},
      {"type", static_cast<std::int64_t>(channel.type)},
      {"last_message_id",
       channel.last_message_id ? boost::json::value(to_string(*channel.last_message_id)) : nullptr},
      {"flags", channel.flags},
      {"recipients", std::move(users)},
  };
  if (channel.type == ChannelType::group_dm) {
    json["name"] = channel.name.empty() ? boost::json::value(nullptr) : boost::json::value(channel.name);
    json["icon"] = channel.icon ? boost::json::value(*channel.icon) : nullptr;
    json["owner_id"] = channel.owner_id ? boost::json::value(to_string(*channel.owner_id)) : nullptr;
  }
  return json;
}

boost::json::object channel_json(const Channel& channel) {
  boost::json::array overwrites;
  for (const auto& overwrite : channel.overwrites) overwrites.push_back(overwrite_json(overwrite));
  boost::json::object json{
      {"id", to_string(channel.id)},
      {"type", static_cast<std::int64_t>(channel.type)},
      {"name", channel.name},
      {"flags", channel.flags},
  };
  if (!is_thread(channel.type)) json["position"] = channel.position;
  if (channel.guild_id) {
    json["guild_id"] = to_string(*channel.guild_id);
    if (!is_thread(channel.type)) json["permission_overwrites"] = std::move(overwrites);
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
  if (channel.thread) {
    const auto& thread = *channel.thread;
    json["owner_id"] = to_string(thread.owner_id);
    json["message_count"] = thread.message_count;
    json["total_message_sent"] = thread.message_count;
    json["member_count"] = thread.member_count;
    json["thread_metadata"] = {
        {"archived", thread.archived},
        {"auto_archive_duration", thread.auto_archive_duration},
        {"archive_timestamp", iso_timestamp(thread.archived_at_ms)},
        {"locked", thread.locked},
        {"create_timestamp", iso_timestamp(thread.created_at_ms)},
    };
    if (channel.type == ChannelType::private_thread)
      json["thread_metadata"].as_object()["invitable"] = thread.invitable;
    json["applied_tags"] = boost::json::array{};
  }
  if (is_voice_based(channel.type)) {
    json["bitrate"] = channel.bitrate.value_or(64000);
    json["user_limit"] = channel.user_limit.value_or(0);
    json["rtc_region"] = nullptr;
  }
  return json;
}

}  // namespace accord
