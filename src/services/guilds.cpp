#include "services/guilds.hpp"

#include "services/scheduled_events.hpp"

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/timestamp.hpp"
#include "services/members.hpp"

namespace accord {
namespace {

std::optional<Snowflake> read_optional_id(FormReader& form, const boost::json::value& body,
                                          std::string_view key) {
  if (!form.has(key) || form.is_null(key)) return std::nullopt;
  const auto& value = body.as_object().at(key);
  if (value.is_string()) {
    if (auto id = parse_snowflake(value.as_string())) return id;
  }
  form.fail(key, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
  return std::nullopt;
}

}  // namespace

boost::json::object GuildService::create(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  auto name = form.required_string("name", 2, 100);
  form.finish();
  const auto limit = context_.config.get()->limits.max_guilds_per_user;
  if (static_cast<std::int64_t>(context_.store.list_user_guilds(caller.user.id).size()) >= limit) {
    throw ApiError(400, 30001, "Maximum number of guilds reached (" + std::to_string(limit) + ")");
  }

  const auto now = context_.clock.now_ms();
  Guild guild;
  guild.id = context_.ids.next();
  guild.name = *name;
  guild.owner_id = caller.user.id;

  Role everyone;
  everyone.id = guild.id;
  everyone.guild_id = guild.id;
  everyone.name = "@everyone";
  everyone.permissions = permission::default_everyone;

  auto make_channel = [&](ChannelType type, std::string channel_name, std::int64_t position,
                          std::optional<Snowflake> parent) {
    Channel channel;
    channel.id = context_.ids.next();
    channel.guild_id = guild.id;
    channel.type = type;
    channel.name = std::move(channel_name);
    channel.position = position;
    channel.parent_id = parent;
    if (is_voice_based(type)) {
      channel.bitrate = 64000;
      channel.user_limit = 0;
    }
    return channel;
  };
  std::vector<Channel> channels;
  channels.push_back(make_channel(ChannelType::guild_category, "Text Channels", 0, std::nullopt));
  channels.push_back(make_channel(ChannelType::guild_category, "Voice Channels", 1, std::nullopt));
  channels.push_back(make_channel(ChannelType::guild_text, "general", 0, channels[0].id));
  channels.push_back(make_channel(ChannelType::guild_voice, "General", 0, channels[1].id));
  guild.system_channel_id = channels[2].id;

  Member owner;
  owner.guild_id = guild.id;
  owner.user_id = caller.user.id;
  owner.joined_at_ms = now;
  context_.store.create_guild(guild, {everyone}, channels, owner);

  // The gateway expands this into the full, per-user GUILD_CREATE and starts following the guild.
  context_.bus.publish({"GUILD_CREATE", {{"id", to_string(guild.id)}}, Audience::user(caller.user.id)});
  auto json = guild_json(guild, {everyone});
  boost::json::array channel_list;
  for (const auto& channel : channels) channel_list.push_back(channel_json(channel));
  json["channels"] = std::move(channel_list);
  return json;
}

void GuildService::add_expressions(boost::json::object& json, Snowflake guild_id) {
  boost::json::array emojis;
  for (const auto& emoji : context_.store.list_emojis(guild_id)) emojis.push_back(emoji_json(emoji, nullptr));
  json["emojis"] = std::move(emojis);
  boost::json::array stickers;
  for (const auto& sticker : context_.store.list_stickers(guild_id))
    stickers.push_back(sticker_json(sticker, nullptr));
  json["stickers"] = std::move(stickers);
}

boost::json::object GuildService::get(const Caller& caller, Snowflake guild_id, bool with_counts) {
  auto membership = access_.membership(guild_id, caller.user.id);
  auto json = guild_json(membership.guild, membership.roles);
  add_expressions(json, guild_id);
  if (with_counts) {
    const auto members = context_.store.count_members(guild_id);
    json["approximate_member_count"] = members;
    json["approximate_presence_count"] = 0;
  }
  return json;
}

boost::json::object GuildService::modify(const Caller& caller, Snowflake guild_id,
                                         const boost::json::value& body) {
  auto membership = access_.require(guild_id, caller.user.id, permission::manage_guild);
  auto& guild = membership.guild;
  const auto before = guild_json(guild, {});
  FormReader form(body);
  if (auto name = form.optional_string("name", 2, 100)) guild.name = *name;
  if (form.has("description")) guild.description = form.optional_string("description", 0, 120);
  if (auto level = form.optional_int("verification_level", 0, 4)) guild.verification_level = *level;
  if (auto level = form.optional_int("default_message_notifications", 0, 1)) {
    guild.default_message_notifications = *level;
  }
  if (auto level = form.optional_int("explicit_content_filter", 0, 2)) guild.explicit_content_filter = *level;
  if (auto timeout = form.optional_int("afk_timeout", 60, 3600)) guild.afk_timeout = *timeout;
  if (auto locale = form.optional_string("preferred_locale", 2, 10)) guild.preferred_locale = *locale;
  if (auto flags = form.optional_int("system_channel_flags", 0, 63)) guild.system_channel_flags = *flags;
  // Channels named here must be this guild's own.
  const auto channels = context_.store.list_channels(guild_id);
  auto own_channel = [&](std::string_view key, std::optional<Snowflake>& target) {
    if (!form.has(key)) return;
    auto id = read_optional_id(form, body, key);
    if (id && std::none_of(channels.begin(), channels.end(), [&](const Channel& c) { return c.id == *id; })) {
      form.fail(key, "CHANNEL_INVALID", "Unknown channel in this guild.");
      return;
    }
    target = id;
  };
  own_channel("afk_channel_id", guild.afk_channel_id);
  own_channel("system_channel_id", guild.system_channel_id);
  if (form.has("owner_id")) {
    auto owner = read_optional_id(form, body, "owner_id");
    if (!membership.is_owner()) throw ApiError::missing_permissions();
    if (owner && !context_.store.find_member(guild_id, *owner)) {
      form.fail("owner_id", "GUILD_OWNER_INVALID", "The new owner must be a member of the guild.");
    } else if (owner) {
      const auto user = context_.store.find_user(*owner);
      if (user && user->bot) throw ApiError(400, 50132, "Ownership cannot be transferred to a bot user");
      guild.owner_id = *owner;
    }
  }
  std::map<std::string, std::optional<std::string>> images;
  for (const char* image : {"icon", "banner", "splash"}) {
    if (form.has(image)) images[image] = form.optional_string(image, 1, 64 * 1024 * 1024);
  }
  form.finish();
  const auto max_image = context_.config.get()->limits.max_image_bytes;
  for (const auto& [field, uri] : images) {
    const std::string folder = field == "icon" ? "icons" : field == "banner" ? "banners" : "splashes";
    auto hash =
        uri ? std::optional(media_.save_image(folder, guild.id, *uri, field, max_image)) : std::nullopt;
    (field == "icon" ? guild.icon : field == "banner" ? guild.banner : guild.splash) = std::move(hash);
  }
  context_.store.update_guild(guild);
  if (auto changes =
          audit_changes(before, guild_json(guild, {}),
                        {"name", "description", "icon", "banner", "splash", "owner_id", "verification_level",
                         "default_message_notifications", "explicit_content_filter", "afk_timeout",
                         "afk_channel_id", "system_channel_id", "system_channel_flags", "preferred_locale"});
      !changes.empty())
    audit_log_.record(caller, guild_id, audit_action::guild_update, guild_id, std::move(changes));
  auto json = guild_json(guild, membership.roles);
  json["guild_id"] = to_string(guild.id);
  context_.bus.publish({"GUILD_UPDATE", json, Audience::guild(guild_id), std::nullopt, intent::guilds});
  json.erase("guild_id");
  return json;
}

void GuildService::remove(const Caller& caller, Snowflake guild_id) {
  auto membership = access_.membership(guild_id, caller.user.id);
  if (!membership.is_owner()) throw ApiError::missing_access();
  context_.store.delete_guild(guild_id);
  context_.bus.publish({"GUILD_DELETE", {{"id", to_string(guild_id)}}, Audience::guild(guild_id)});
}

boost::json::array GuildService::list_mine(const Caller& caller, std::optional<Snowflake> before,
                                           std::optional<Snowflake> after, std::int64_t limit,
                                           bool with_counts) {
  boost::json::array list;
  for (const auto& guild : context_.store.list_user_guilds(caller.user.id)) {
    if (before && guild.id >= *before) continue;
    if (after && guild.id <= *after) continue;
    if (static_cast<std::int64_t>(list.size()) >= limit) break;
    const auto membership = access_.membership(guild.id, caller.user.id);
    boost::json::object entry{
        {"id", to_string(guild.id)},
        {"name", guild.name},
        {"icon", guild.icon ? boost::json::value(*guild.icon) : nullptr},
        {"banner", nullptr},
        {"owner", guild.owner_id == caller.user.id},
        {"permissions", to_permission_string(membership.permissions())},
        {"features", boost::json::array{}},
    };
    if (with_counts) {
      entry["approximate_member_count"] = context_.store.count_members(guild.id);
      entry["approximate_presence_count"] = 0;
    }
    list.push_back(std::move(entry));
  }
  return list;
}

void GuildService::leave(const Caller& caller, Snowflake guild_id) {
  auto membership = access_.membership(guild_id, caller.user.id);
  if (membership.is_owner()) throw ApiError(400, 50055, "Invalid Guild");
  context_.store.remove_member(guild_id, caller.user.id);
  publish_member_left(context_.bus, guild_id, caller.user);
}

boost::json::object GuildService::snapshot(Snowflake guild_id, Snowflake user_id) {
  auto membership = access_.membership(guild_id, user_id);
  auto json = guild_json(membership.guild, membership.roles);
  add_expressions(json, guild_id);
  boost::json::array channels;
  std::map<Snowflake, Permissions> visible;
  for (const auto& channel : context_.store.list_channels(guild_id)) {
    const auto permissions = membership.permissions_in(channel);
    if (!has(permissions, permission::view_channel)) continue;
    channels.push_back(channel_json(channel));
    visible[channel.id] = permissions;
  }
  // Active threads the user can see: under a visible parent, and private ones only when joined
  // or moderating.
  boost::json::array threads;
  for (const auto& thread : context_.store.list_threads(guild_id)) {
    if (thread.thread->archived || !thread.parent_id) continue;
    const auto parent = visible.find(*thread.parent_id);
    if (parent == visible.end()) continue;
    if (thread.type == ChannelType::private_thread && !has(parent->second, permission::manage_threads) &&
        !context_.store.find_thread_member(thread.id, user_id)) {
      continue;
    }
    threads.push_back(channel_json(thread));
  }
  const auto member_count = context_.store.count_members(guild_id);
  const bool large = member_count > 250;
  // Small guilds come with every member, as Discord sends them; large ones with the user alone
  // (the rest arrive through REQUEST_GUILD_MEMBERS).
  std::vector<Member> members =
      large ? std::vector<Member>{membership.member} : context_.store.list_members(guild_id, 0, member_count);
  boost::json::array member_list;
  boost::json::array presences;
  for (const auto& member : members) {
    if (auto user = context_.store.find_user(member.user_id))
      member_list.push_back(member_json(member, &*user));
    if (auto presence = presence_.visible_presence(member.user_id, guild_id))
      presences.push_back(std::move(*presence));
  }
  json["joined_at"] = iso_timestamp(membership.member.joined_at_ms);
  json["large"] = large;
  json["unavailable"] = false;
  json["member_count"] = member_count;
  json["members"] = std::move(member_list);
  json["channels"] = std::move(channels);
  json["threads"] = std::move(threads);
  json["presences"] = std::move(presences);
  json["voice_states"] = voice_.guild_states(guild_id);
  json["stage_instances"] = boost::json::array{};
  boost::json::array events;
  for (const auto& event : context_.store.list_scheduled_events(guild_id)) {
    if (!event_visible_to(context_.store, membership, event)) continue;
    const auto creator = event.creator_id ? context_.store.find_user(*event.creator_id) : std::nullopt;
    events.push_back(scheduled_event_json(event, creator, std::nullopt));
  }
  json["guild_scheduled_events"] = std::move(events);
  json["soundboard_sounds"] = boost::json::array{};
  json["embedded_activities"] = boost::json::array{};
  return json;
}

}  // namespace accord
