#include "services/user_settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {
namespace {

constexpr std::size_t max_settings_bytes = 64 * 1024;

boost::json::object default_settings(const User& user) {
  return {{"locale", user.locale},
          {"theme", "dark"},
          {"status", "online"},
          {"custom_status", nullptr},
          {"guild_folders", boost::json::array{}},
          {"guild_positions", boost::json::array{}},
          {"developer_mode", false},
          {"message_display_compact", false},
          {"show_current_game", true},
          {"inline_embed_media", true},
          {"render_embeds", true},
          {"restricted_guilds", boost::json::array{}},
          {"default_guilds_restricted", false},
          {"friend_source_flags", {{"all", true}}}};
}

boost::json::object default_guild_settings(Snowflake guild_id) {
  return {{"guild_id", to_string(guild_id)},
          {"muted", false},
          {"mute_config", nullptr},
          {"message_notifications", 1},
          {"suppress_everyone", false},
          {"suppress_roles", false},
          {"mobile_push", true},
          {"hide_muted_channels", false},
          {"notify_highlights", 0},
          {"flags", 0},
          {"version", 0},
          {"channel_overrides", boost::json::array{}}};
}

// What a client may set, and the JSON kind each must be; anything else is refused by name.
bool valid_setting(std::string_view key, const boost::json::value& value) {
  if (key == "theme")
    return value.is_string() && (value.as_string() == "dark" || value.as_string() == "light");
  if (key == "status") {
    return value.is_string() && (value.as_string() == "online" || value.as_string() == "idle" ||
                                 value.as_string() == "dnd" || value.as_string() == "invisible");
  }
  if (key == "locale") return value.is_string() && value.as_string().size() <= 10;
  if (key == "custom_status") return value.is_null() || value.is_object();
  if (key == "guild_folders" || key == "guild_positions" || key == "restricted_guilds")
    return value.is_array();
  if (key == "friend_source_flags") return value.is_object();
  return value.is_bool() || value.is_int64();  // the many on/off and numeric preferences
}

}  // namespace

boost::json::object UserSettingsService::settings(Snowflake user_id) {
  const auto user = context_.store.find_user(user_id);
  auto settings = default_settings(user ? *user : User{});
  if (auto stored = context_.store.user_settings(user_id)) {
    const auto parsed = boost::json::parse(*stored);
    for (const auto& [key, value] : parsed.as_object()) settings[key] = value;
  }
  return settings;
}

boost::json::object UserSettingsService::modify_settings(const Caller& caller,
                                                         const boost::json::value& body) {
  const auto* changes = body.if_object();
  if (!changes) throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  FormErrors errors;
  for (const auto& [key, value] : *changes) {
    if (!valid_setting(key, value))
      errors.add({std::string(key)}, "SETTING_INVALID", "Not a valid value for this setting.");
  }
  errors.throw_if_any();
  boost::json::object stored;
  if (auto text = context_.store.user_settings(caller.user.id))
    stored = boost::json::parse(*text).as_object();
  for (const auto& [key, value] : *changes) stored[key] = value;
  auto serialized = boost::json::serialize(stored);
  if (serialized.size() > max_settings_bytes) throw ApiError(413, 40005, "Request entity too large");
  context_.store.save_user_settings(caller.user.id, serialized);
  context_.bus.publish({"USER_SETTINGS_UPDATE", *changes, Audience::user(caller.user.id)});
  return settings(caller.user.id);
}

boost::json::array UserSettingsService::guild_settings(Snowflake user_id) {
  boost::json::array entries;
  for (const auto& [guild_id, text] : context_.store.user_guild_settings(user_id)) {
    auto entry = default_guild_settings(guild_id);
    const auto parsed = boost::json::parse(text);
    for (const auto& [key, value] : parsed.as_object()) entry[key] = value;
    entries.push_back(std::move(entry));
  }
  return entries;
}

boost::json::object UserSettingsService::modify_guild_settings(const Caller& caller, Snowflake guild_id,
                                                               const boost::json::value& body) {
  access_.membership(guild_id, caller.user.id);
  FormReader form(body);
  form.optional_bool("muted");
  form.optional_int("message_notifications", 0, 3);
  form.optional_bool("suppress_everyone");
  form.optional_bool("suppress_roles");
  form.optional_bool("mobile_push");
  form.optional_bool("hide_muted_channels");
  form.finish();
  const auto& changes = body.as_object();
  boost::json::object stored;
  for (const auto& [id, text] : context_.store.user_guild_settings(caller.user.id)) {
    if (id == guild_id) stored = boost::json::parse(text).as_object();
  }
  for (const auto& [key, value] : changes) {
    if (key != "guild_id") stored[key] = value;
  }
  auto serialized = boost::json::serialize(stored);
  if (serialized.size() > max_settings_bytes) throw ApiError(413, 40005, "Request entity too large");
  context_.store.save_user_guild_settings(caller.user.id, guild_id, serialized);
  auto entry = default_guild_settings(guild_id);
  for (const auto& [key, value] : stored) entry[key] = value;
  context_.bus.publish({"USER_GUILD_SETTINGS_UPDATE", entry, Audience::user(caller.user.id)});
  return entry;
}

boost::json::object UserSettingsService::note(const Caller& caller, Snowflake target_id) {
  const auto note = context_.store.user_note(caller.user.id, target_id);
  if (!note) throw ApiError::unknown(10013, "User");
  return {{"user_id", to_string(caller.user.id)}, {"note_user_id", to_string(target_id)}, {"note", *note}};
}

void UserSettingsService::set_note(const Caller& caller, Snowflake target_id,
                                   const boost::json::value& body) {
  if (!context_.store.find_user(target_id)) throw ApiError::unknown(10013, "User");
  FormReader form(body);
  auto note = form.optional_string("note", 0, 256);
  form.finish();
  const auto kept = note && !note->empty() ? note : std::nullopt;
  context_.store.save_user_note(caller.user.id, target_id, kept);
  context_.bus.publish({"USER_NOTE_UPDATE",
                        {{"id", to_string(target_id)}, {"note", kept.value_or("")}},
                        Audience::user(caller.user.id)});
}

}  // namespace accord
