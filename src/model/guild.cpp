#include "model/guild.hpp"

#include "core/timestamp.hpp"

namespace accord {
namespace {

boost::json::value optional_id(const std::optional<Snowflake>& id) {
  if (!id) return nullptr;
  return boost::json::value(to_string(*id));
}

boost::json::value optional_text(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return boost::json::value(*text);
}

}  // namespace

boost::json::object role_json(const Role& role) {
  boost::json::object json{
      {"id", to_string(role.id)},
      {"name", role.name},
      {"color", role.color},
      {"colors", {{"primary_color", role.color}, {"secondary_color", nullptr}, {"tertiary_color", nullptr}}},
      {"hoist", role.hoist},
      {"icon", optional_text(role.icon)},
      {"unicode_emoji", optional_text(role.unicode_emoji)},
      {"position", role.position},
      {"permissions", std::to_string(role.permissions)},
      {"managed", role.managed},
      {"mentionable", role.mentionable},
      {"flags", 0},
  };
  if (role.bot_id) json["tags"] = {{"bot_id", to_string(*role.bot_id)}};
  return json;
}

boost::json::object guild_json(const Guild& guild, const std::vector<Role>& roles) {
  boost::json::array role_list;
  for (const auto& role : roles) role_list.push_back(role_json(role));
  return {
      {"id", to_string(guild.id)},
      {"name", guild.name},
      {"icon", optional_text(guild.icon)},
      {"icon_hash", optional_text(guild.icon)},
      {"splash", optional_text(guild.splash)},
      {"discovery_splash", nullptr},
      {"banner", optional_text(guild.banner)},
      {"description", optional_text(guild.description)},
      {"owner_id", to_string(guild.owner_id)},
      {"afk_channel_id", optional_id(guild.afk_channel_id)},
      {"afk_timeout", guild.afk_timeout},
      {"widget_enabled", false},
      {"widget_channel_id", nullptr},
      {"verification_level", guild.verification_level},
      {"default_message_notifications", guild.default_message_notifications},
      {"explicit_content_filter", guild.explicit_content_filter},
      {"roles", std::move(role_list)},
      {"emojis", boost::json::array{}},
      {"stickers", boost::json::array{}},
      {"features", boost::json::array{}},
      {"mfa_level", 0},
      {"application_id", nullptr},
      {"system_channel_id", optional_id(guild.system_channel_id)},
      {"system_channel_flags", guild.system_channel_flags},
      {"rules_channel_id", nullptr},
      {"public_updates_channel_id", nullptr},
      {"safety_alerts_channel_id", nullptr},
      {"max_presences", nullptr},
      {"max_members", 500000},
      {"max_video_channel_users", 25},
      {"vanity_url_code", nullptr},
      {"premium_tier", 0},
      {"premium_subscription_count", 0},
      {"premium_progress_bar_enabled", false},
      {"preferred_locale", guild.preferred_locale},
      {"nsfw_level", 0},
      {"nsfw", false},
  };
}

boost::json::object member_json(const Member& member, const User* user) {
  boost::json::array roles;
  for (auto id : member.role_ids) roles.push_back(boost::json::value(to_string(id)));
  boost::json::object json{
      {"nick", optional_text(member.nick)},
      {"avatar", optional_text(member.avatar)},
      {"banner", nullptr},
      {"roles", std::move(roles)},
      {"joined_at", iso_timestamp(member.joined_at_ms)},
      {"premium_since", nullptr},
      {"deaf", member.deaf},
      {"mute", member.mute},
      {"flags", 0},
      {"pending", false},
      {"communication_disabled_until",
       member.communication_disabled_until_ms
           ? boost::json::value(iso_timestamp(*member.communication_disabled_until_ms))
           : boost::json::value(nullptr)},
  };
  if (user) json["user"] = public_user_json(*user);
  return json;
}

}  // namespace accord
