#include "services/invites.hpp"

#include <sodium.h>

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/timestamp.hpp"

namespace accord {
namespace {

std::string random_code() {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string code;
  for (int i = 0; i < 8; ++i) code += alphabet[randombytes_uniform(sizeof alphabet - 1)];
  return code;
}

}  // namespace

boost::json::object InviteService::invite_json(const Invite& invite, bool with_metadata, bool with_counts) {
  const auto guild = context_.store.find_guild(invite.guild_id);
  const auto channel = context_.store.find_channel(invite.channel_id);
  if (!guild || !channel) throw ApiError::unknown(10006, "Invite");
  boost::json::object json{
      {"type", 0},
      {"code", invite.code},
      {"guild",
       {{"id", to_string(guild->id)},
        {"name", guild->name},
        {"icon", guild->icon ? boost::json::value(*guild->icon) : nullptr},
        {"splash", nullptr},
        {"banner", nullptr},
        {"description", guild->description ? boost::json::value(*guild->description) : nullptr},
        {"features", boost::json::array{}},
        {"verification_level", guild->verification_level},
        {"nsfw_level", 0}}},
      {"guild_id", to_string(guild->id)},
      {"channel",
       {{"id", to_string(channel->id)},
        {"name", channel->name},
        {"type", static_cast<std::int64_t>(channel->type)}}},
      {"expires_at", invite.max_age == 0
                         ? boost::json::value(nullptr)
                         : boost::json::value(iso_timestamp(invite.created_at_ms + invite.max_age * 1000))},
  };
  if (invite.inviter_id) {
    if (auto inviter = context_.store.find_user(*invite.inviter_id))
      json["inviter"] = public_user_json(*inviter);
  }
  if (with_counts) {
    json["approximate_member_count"] = context_.store.count_members(guild->id);
    json["approximate_presence_count"] = 0;
  }
  if (with_metadata) {
    json["uses"] = invite.uses;
    json["max_uses"] = invite.max_uses;
    json["max_age"] = invite.max_age;
    json["temporary"] = invite.temporary;
    json["created_at"] = iso_timestamp(invite.created_at_ms);
  }
  return json;
}

boost::json::object InviteService::create(const Caller& caller, Snowflake channel_id,
                                          const boost::json::value& body) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::create_instant_invite);
  if (access.channel.type == ChannelType::guild_category)
    throw ApiError(400, 50024, "Cannot execute action on this channel type");
  FormReader form(body);
  Invite invite;
  invite.max_age = form.optional_int("max_age", 0, 604800).value_or(86400);
  invite.max_uses = form.optional_int("max_uses", 0, 100).value_or(0);
  invite.temporary = form.optional_bool("temporary").value_or(false);
  const bool unique = form.optional_bool("unique").value_or(false);
  form.finish();
  invite.guild_id = *access.channel.guild_id;
  invite.channel_id = channel_id;
  invite.inviter_id = caller.user.id;
  invite.created_at_ms = context_.clock.now_ms();

  // Without `unique`, Discord hands back an existing invite with the same settings.
  const auto existing = context_.store.list_invites(invite.guild_id, channel_id);
  if (!unique) {
    for (const auto& other : existing) {
      if (other.inviter_id == invite.inviter_id && other.max_age == invite.max_age &&
          other.max_uses == invite.max_uses && other.temporary == invite.temporary &&
          (other.max_uses == 0 || other.uses < other.max_uses) &&
          (other.max_age == 0 || other.created_at_ms + other.max_age * 1000 > invite.created_at_ms)) {
        return invite_json(other, true, false);
      }
    }
  }
  if (static_cast<std::int64_t>(context_.store.list_invites(invite.guild_id, std::nullopt).size()) >=
      context_.config.get()->limits.max_invites_per_guild) {
    throw ApiError(400, 30016, "Maximum number of invites reached");
  }
  for (int attempt = 0;; ++attempt) {
    invite.code = random_code();
    if (!context_.store.find_invite(invite.code)) break;
    if (attempt > 10) throw std::runtime_error("could not find a free invite code");
  }
  context_.store.create_invite(invite);
  auto json = invite_json(invite, true, false);
  audit_log_.record(
      caller, invite.guild_id, audit_action::invite_create, std::nullopt,
      {audit_change("code", nullptr, boost::json::value(invite.code)),
       audit_change("channel_id", nullptr, boost::json::value(to_string(channel_id))),
       audit_change("max_uses", nullptr, invite.max_uses), audit_change("max_age", nullptr, invite.max_age),
       audit_change("temporary", nullptr, invite.temporary)});
  auto event = json;
  event["channel_id"] = to_string(channel_id);
  context_.bus.publish(
      {"INVITE_CREATE", event, Audience::guild(invite.guild_id), channel_id, intent::guild_invites});
  return json;
}

boost::json::object InviteService::get(const std::string& code, bool with_counts) {
  const auto invite = context_.store.find_invite(code);
  if (!invite) throw ApiError::unknown(10006, "Invite");
  const auto now = context_.clock.now_ms();
  if ((invite->max_age != 0 && invite->created_at_ms + invite->max_age * 1000 <= now) ||
      (invite->max_uses != 0 && invite->uses >= invite->max_uses)) {
    throw ApiError::unknown(10006, "Invite");
  }
  return invite_json(*invite, false, with_counts);
}

boost::json::object InviteService::accept(const Caller& caller, const std::string& code) {
  const auto invite = context_.store.find_invite(code);
  if (!invite) throw ApiError::unknown(10006, "Invite");
  if (context_.store.find_ban(invite->guild_id, caller.user.id)) {
    throw ApiError(403, 40007, "The user is banned from this guild.");
  }
  if (context_.store.find_member(invite->guild_id, caller.user.id)) return invite_json(*invite, false, false);
  if (caller.user.bot) throw ApiError(403, 20001, "Bots cannot use this endpoint");
  if (!context_.store.use_invite(code, context_.clock.now_ms())) throw ApiError::unknown(10006, "Invite");
  members_.join(invite->guild_id, caller.user);
  return invite_json(*invite, false, false);
}

boost::json::object InviteService::remove(const Caller& caller, const std::string& code) {
  const auto invite = context_.store.find_invite(code);
  if (!invite) throw ApiError::unknown(10006, "Invite");
  // MANAGE_CHANNELS on its channel, or MANAGE_GUILD anywhere in its guild.
  auto access = access_.channel(invite->channel_id, caller.user.id);
  if (!has(access.permissions, permission::manage_channels) &&
      !has(access.membership.permissions(), permission::manage_guild)) {
    throw ApiError::missing_permissions();
  }
  auto json = invite_json(*invite, true, false);
  context_.store.delete_invite(code);
  audit_log_.record(caller, invite->guild_id, audit_action::invite_delete, std::nullopt,
                    {audit_change("code", boost::json::value(code), nullptr),
                     audit_change("channel_id", boost::json::value(to_string(invite->channel_id)), nullptr)});
  context_.bus.publish({"INVITE_DELETE",
                        {{"channel_id", to_string(invite->channel_id)},
                         {"guild_id", to_string(invite->guild_id)},
                         {"code", code}},
                        Audience::guild(invite->guild_id),
                        invite->channel_id,
                        intent::guild_invites});
  return json;
}

boost::json::array InviteService::list_guild(const Caller& caller, Snowflake guild_id) {
  access_.require(guild_id, caller.user.id, permission::manage_guild);
  boost::json::array list;
  for (const auto& invite : context_.store.list_invites(guild_id, std::nullopt)) {
    list.push_back(invite_json(invite, true, false));
  }
  return list;
}

boost::json::array InviteService::list_channel(const Caller& caller, Snowflake channel_id) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_channels);
  boost::json::array list;
  for (const auto& invite : context_.store.list_invites(*access.channel.guild_id, channel_id)) {
    list.push_back(invite_json(invite, true, false));
  }
  return list;
}

}  // namespace accord
