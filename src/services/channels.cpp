#include "services/channels.hpp"

#include <algorithm>

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {

void ChannelService::publish(const char* name, const Channel& channel) {
  // Creation and deletion go to everyone with the Guilds intent, filtered by who can see the channel.
  context_.bus.publish(
      {name, channel_json(channel), Audience::guild(*channel.guild_id), channel.id, intent::guilds});
}

void ChannelService::apply_fields(FormReader& form, const boost::json::value& body, Channel& channel,
                                  const std::vector<Channel>& siblings) {
  if (auto name = form.optional_string("name", 1, 100)) channel.name = *name;
  if (form.has("topic")) channel.topic = form.optional_string("topic", 0, 1024);
  if (auto nsfw = form.optional_bool("nsfw")) channel.nsfw = *nsfw;
  if (auto position = form.optional_int("position", 0, 100000)) channel.position = *position;
  if (auto slowmode = form.optional_int("rate_limit_per_user", 0, 21600))
    channel.rate_limit_per_user = *slowmode;
  if (auto bitrate = form.optional_int("bitrate", 8000, 384000)) channel.bitrate = *bitrate;
  if (auto user_limit = form.optional_int("user_limit", 0, 99)) channel.user_limit = *user_limit;
  if (form.has("parent_id")) {
    if (form.is_null("parent_id")) {
      channel.parent_id = std::nullopt;
    } else {
      auto parent = snowflake_value(body.as_object().at("parent_id"));
      auto found = std::find_if(siblings.begin(), siblings.end(), [&](const Channel& c) {
        return parent && c.id == *parent && c.type == ChannelType::guild_category;
      });
      if (found == siblings.end() || channel.type == ChannelType::guild_category) {
        form.fail("parent_id", "CHANNEL_PARENT_INVALID", "Not a category of this guild.");
      } else {
        channel.parent_id = parent;
      }
    }
  }
  if (form.has("permission_overwrites")) {
    const auto& list = body.as_object().at("permission_overwrites");
    if (!list.is_array()) {
      form.fail("permission_overwrites", "BASE_TYPE_ARRAY", "Must be an array.");
      return;
    }
    channel.overwrites.clear();
    for (std::size_t i = 0; i < list.as_array().size(); ++i) {
      const auto& item = list.as_array()[i];
      const auto path = std::vector<std::string>{"permission_overwrites", std::to_string(i)};
      const auto* object = item.if_object();
      auto target = object && object->contains("id") ? snowflake_value(object->at("id")) : std::nullopt;
      const auto* type = object ? object->if_contains("type") : nullptr;
      auto bits = [&](const char* key) -> std::optional<Permissions> {
        const auto* value = object ? object->if_contains(key) : nullptr;
        if (!value || value->is_null()) return Permissions{0};
        return permission_value(*value);
      };
      auto allow = bits("allow");
      auto deny = bits("deny");
      const bool type_ok = type && type->is_int64() && (type->as_int64() == 0 || type->as_int64() == 1);
      if (!target || !type_ok || !allow || !deny) {
        form.errors().add(path, "OVERWRITE_INVALID",
                          "Overwrites need an id, a type of 0 or 1, and allow/deny.");
        continue;
      }
      channel.overwrites.push_back(
          {*target, static_cast<int>(type->as_int64()), *allow & permission::all, *deny & permission::all});
    }
  }
}

void require_can_grant(Permissions editor, const std::vector<PermissionOverwrite>& before,
                       const std::vector<PermissionOverwrite>& after) {
  if (has(editor, permission::manage_roles) == false) throw ApiError::missing_permissions();
  for (const auto& overwrite : after) {
    auto old = std::find_if(before.begin(), before.end(),
                            [&](const PermissionOverwrite& o) { return o.id == overwrite.id; });
    // Only the bits that change must be the editor's own; what was already there may stay.
    const Permissions unchanged_allow = old == before.end() ? 0 : old->allow;
    const Permissions unchanged_deny = old == before.end() ? 0 : old->deny;
    const Permissions changed = (overwrite.allow ^ unchanged_allow) | (overwrite.deny ^ unchanged_deny);
    if (changed & ~editor) throw ApiError::missing_permissions();
  }
  for (const auto& old : before) {
    const bool removed = std::none_of(after.begin(), after.end(),
                                      [&](const PermissionOverwrite& o) { return o.id == old.id; });
    if (removed && ((old.allow | old.deny) & ~editor)) throw ApiError::missing_permissions();
  }
}

boost::json::array ChannelService::list(const Caller& caller, Snowflake guild_id) {
  auto membership = access_.membership(guild_id, caller.user.id);
  boost::json::array list;
  for (const auto& channel : context_.store.list_channels(guild_id)) {
    if (has(membership.permissions_in(channel), permission::view_channel))
      list.push_back(channel_json(channel));
  }
  return list;
}

boost::json::object ChannelService::get(const Caller& caller, Snowflake channel_id) {
  return channel_json(access_.channel(channel_id, caller.user.id).channel);
}

boost::json::object ChannelService::create(const Caller& caller, Snowflake guild_id,
                                           const boost::json::value& body) {
  auto membership = access_.require(guild_id, caller.user.id, permission::manage_channels);
  const auto siblings = context_.store.list_channels(guild_id);
  if (static_cast<std::int64_t>(siblings.size()) >= context_.config.get()->limits.max_channels_per_guild) {
    throw ApiError(400, 30013,
                   "Maximum number of guild channels reached (" +
                       std::to_string(context_.config.get()->limits.max_channels_per_guild) + ")");
  }
  FormReader form(body);
  form.required_string("name", 1, 100);
  Channel channel;
  channel.id = context_.ids.next();
  channel.guild_id = guild_id;
  if (auto type = form.optional_int("type", 0, 15)) {
    if (!is_guild_channel_type(*type)) {
      form.fail("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 15}.");
    } else {
      channel.type = static_cast<ChannelType>(*type);
    }
  }
  if (is_voice_based(channel.type)) {
    channel.bitrate = 64000;
    channel.user_limit = 0;
  }
  channel.position = static_cast<std::int64_t>(siblings.size());
  apply_fields(form, body, channel, siblings);
  form.finish();
  if (channel.type == ChannelType::guild_text) channel.name = lowercase_channel_name(channel.name);
  if (!channel.overwrites.empty()) require_can_grant(membership.permissions(), {}, channel.overwrites);
  context_.store.save_channel(channel);
  publish("CHANNEL_CREATE", channel);
  audit_log_.record(
      caller, guild_id, audit_action::channel_create, channel.id,
      audit_changes({}, channel_json(channel),
                    {"name", "type", "topic", "nsfw", "rate_limit_per_user", "bitrate", "user_limit",
                     "parent_id", "default_auto_archive_duration", "rtc_region"}));
  return channel_json(channel);
}

boost::json::object ChannelService::modify(const Caller& caller, Snowflake channel_id,
                                           const boost::json::value& body) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_channels);
  auto channel = access.channel;
  FormReader form(body);
  const bool changes_overwrites = form.has("permission_overwrites");
  if (changes_overwrites && !has(access.permissions, permission::manage_roles))
    throw ApiError::missing_permissions();
  apply_fields(form, body, channel, context_.store.list_channels(*channel.guild_id));
  form.finish();
  if (changes_overwrites)
    require_can_grant(access.permissions, access.channel.overwrites, channel.overwrites);
  context_.store.save_channel(channel);
  context_.bus.publish({"CHANNEL_UPDATE", channel_json(channel), Audience::guild(*channel.guild_id),
                        channel.id, intent::guilds});
  if (auto changes =
          audit_changes(channel_json(access.channel), channel_json(channel),
                        {"name", "type", "topic", "nsfw", "rate_limit_per_user", "bitrate", "user_limit",
                         "parent_id", "default_auto_archive_duration", "rtc_region"});
      !changes.empty())
    audit_log_.record(caller, *channel.guild_id, audit_action::channel_update, channel.id,
                      std::move(changes));
  return channel_json(channel);
}

boost::json::object ChannelService::remove(const Caller& caller, Snowflake channel_id) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_channels);
  context_.store.delete_channel(channel_id);
  audit_log_.record(
      caller, *access.channel.guild_id, audit_action::channel_delete, channel_id,
      audit_changes(channel_json(access.channel), {},
                    {"name", "type", "topic", "nsfw", "rate_limit_per_user", "bitrate", "user_limit",
                     "parent_id", "default_auto_archive_duration", "rtc_region"}));
  // Unfiltered: once the channel is gone nobody can be checked against it, and its id is no secret.
  context_.bus.publish({"CHANNEL_DELETE", channel_json(access.channel),
                        Audience::guild(*access.channel.guild_id), std::nullopt, intent::guilds});
  return channel_json(access.channel);
}

void ChannelService::reorder(const Caller& caller, Snowflake guild_id, const boost::json::value& body) {
  access_.require(guild_id, caller.user.id, permission::manage_channels);
  if (!body.is_array()) throw ApiError::invalid_field("_errors", "BASE_TYPE_ARRAY", "Must be an array.");
  auto channels = context_.store.list_channels(guild_id);
  FormErrors errors;
  std::vector<Channel*> changed;
  for (std::size_t i = 0; i < body.as_array().size(); ++i) {
    const auto* item = body.as_array()[i].if_object();
    // 0 is never a channel id, so it stands for "none given".
    const Snowflake id = item && item->contains("id") ? snowflake_value(item->at("id")).value_or(0) : 0;
    auto channel =
        std::find_if(channels.begin(), channels.end(), [&](const Channel& c) { return c.id == id; });
    if (channel == channels.end()) {
      errors.add({std::to_string(i), "id"}, "CHANNEL_INVALID", "Unknown channel in this guild.");
      continue;
    }
    if (const auto* position = item->if_contains("position"); position && position->is_int64()) {
      channel->position = position->as_int64();
    }
    if (const auto* parent = item->if_contains("parent_id")) {
      if (parent->is_null()) {
        channel->parent_id = std::nullopt;
      } else if (auto parent_id = snowflake_value(*parent);
                 parent_id && std::any_of(channels.begin(), channels.end(), [&](const Channel& c) {
                   return c.id == *parent_id && c.type == ChannelType::guild_category;
                 })) {
        channel->parent_id = parent_id;
      } else {
        errors.add({std::to_string(i), "parent_id"}, "CHANNEL_PARENT_INVALID",
                   "Not a category of this guild.");
      }
    }
    changed.push_back(&*channel);
  }
  errors.throw_if_any();
  for (auto* channel : changed) {
    context_.store.save_channel(*channel);
    context_.bus.publish(
        {"CHANNEL_UPDATE", channel_json(*channel), Audience::guild(guild_id), channel->id, intent::guilds});
  }
}

void ChannelService::set_overwrite(const Caller& caller, Snowflake channel_id, Snowflake target_id,
                                   const boost::json::value& body) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_roles);
  FormReader form(body);
  auto type = form.optional_int("type", 0, 1);
  auto bits = [&](const char* key) -> Permissions {
    if (!form.has(key) || form.is_null(key)) return 0;
    const auto parsed = permission_value(body.as_object().at(key));
    if (!parsed) form.fail(key, "PERMISSIONS_INVALID", "Not a permission bitfield.");
    return parsed.value_or(0) & permission::all;
  };
  const auto allow = bits("allow");
  const auto deny = bits("deny");
  if (!type) form.fail("type", "BASE_TYPE_REQUIRED", "This field is required");
  form.finish();
  // The target must exist in this guild: a role of it, or a member of it.
  const bool known = *type == 0 ? access.membership.find_role(target_id) != nullptr
                                : context_.store.find_member(*access.channel.guild_id, target_id).has_value();
  if (!known) throw ApiError::unknown(*type == 0 ? 10011 : 10007, *type == 0 ? "Role" : "Member");
  // Nobody grants in a channel what they do not hold there themselves (owner and admins hold all).
  if ((allow | deny) & ~access.permissions) throw ApiError::missing_permissions();

  auto channel = access.channel;
  const bool existed =
      std::erase_if(channel.overwrites, [&](const PermissionOverwrite& o) { return o.id == target_id; }) > 0;
  channel.overwrites.push_back({target_id, static_cast<int>(*type), allow, deny});
  context_.store.save_channel(channel);
  audit_log_.record(caller, *channel.guild_id,
                    existed ? audit_action::channel_overwrite_update : audit_action::channel_overwrite_create,
                    channel.id,
                    {audit_change("allow", nullptr, boost::json::value(std::to_string(allow))),
                     audit_change("deny", nullptr, boost::json::value(std::to_string(deny)))},
                    {{"id", to_string(target_id)}, {"type", std::to_string(*type)}});
  context_.bus.publish({"CHANNEL_UPDATE", channel_json(channel), Audience::guild(*channel.guild_id),
                        channel.id, intent::guilds});
}

void ChannelService::delete_overwrite(const Caller& caller, Snowflake channel_id, Snowflake target_id) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_roles);
  auto channel = access.channel;
  if (std::erase_if(channel.overwrites, [&](const PermissionOverwrite& o) { return o.id == target_id; }) ==
      0) {
    throw ApiError::unknown(10009, "Overwrite");
  }
  context_.store.save_channel(channel);
  audit_log_.record(caller, *channel.guild_id, audit_action::channel_overwrite_delete, channel.id, {},
                    {{"id", to_string(target_id)}});
  context_.bus.publish({"CHANNEL_UPDATE", channel_json(channel), Audience::guild(*channel.guild_id),
                        channel.id, intent::guilds});
}

std::string lowercase_channel_name(const std::string& name) {
  // Discord's text channel names: lower case, spaces become dashes.
  std::string result;
  for (unsigned char c : name) result += c == ' ' ? '-' : static_cast<char>(std::tolower(c));
  return result;
}

}  // namespace accord
