#include "services/access.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

#include "core/api_error.hpp"

namespace accord {
namespace {

MemberPermissionInput permission_input(const Membership& membership) {
  MemberPermissionInput input;
  input.guild_id = membership.guild.id;
  input.guild_owner_id = membership.guild.owner_id;
  input.user_id = membership.member.user_id;
  input.communication_disabled_until_ms = membership.member.communication_disabled_until_ms;
  input.now_ms = membership.now_ms;
  for (const auto& role : membership.roles) {
    if (role.id == membership.guild.id) {
      input.everyone_permissions = role.permissions;
    } else if (std::find(membership.member.role_ids.begin(), membership.member.role_ids.end(), role.id) !=
               membership.member.role_ids.end()) {
      input.role_permissions.push_back(role.permissions);
      input.role_ids.push_back(role.id);
    }
  }
  return input;
}

}  // namespace

Permissions Membership::permissions() const {
  return base_permissions(permission_input(*this));
}

Permissions Membership::permissions_in(const Channel& channel) const {
  return channel_permissions(permission_input(*this), channel.overwrites);
}

std::int64_t Membership::highest_position() const {
  if (is_owner()) return INT64_MAX;
  std::int64_t highest = 0;
  for (const auto& role : roles) {
    if (std::find(member.role_ids.begin(), member.role_ids.end(), role.id) != member.role_ids.end()) {
      highest = std::max(highest, role.position);
    }
  }
  return highest;
}

const Role* Membership::find_role(Snowflake id) const {
  for (const auto& role : roles) {
    if (role.id == id) return &role;
  }
  return nullptr;
}

Membership Access::membership(Snowflake guild_id, Snowflake user_id) {
  auto guild = context_.store.find_guild(guild_id);
  if (!guild) throw ApiError::unknown(10004, "Guild");
  auto member = context_.store.find_member(guild_id, user_id);
  if (!member) throw ApiError::missing_access();
  return {std::move(*guild), std::move(*member), context_.store.list_roles(guild_id),
          context_.clock.now_ms()};
}

Membership Access::require(Snowflake guild_id, Snowflake user_id, Permissions wanted) {
  auto result = membership(guild_id, user_id);
  if (!has(result.permissions(), wanted)) throw ApiError::missing_permissions();
  return result;
}

Access::ChannelAccess Access::channel(Snowflake channel_id, Snowflake user_id) {
  auto channel = context_.store.find_channel(channel_id);
  if (!channel) throw ApiError::unknown(10003, "Channel");
  if (!channel->guild_id) throw ApiError::missing_access();  // private channels come with DMs
  auto member = membership(*channel->guild_id, user_id);
  if (!channel->thread) {
    const auto permissions = member.permissions_in(*channel);
    if (!has(permissions, permission::view_channel)) throw ApiError::missing_access();
    return {std::move(*channel), std::move(member), permissions};
  }
  // A thread has no overwrites of its own: it is seen through its parent. A private thread also
  // needs its members list, or MANAGE_THREADS.
  const auto parent = channel->parent_id ? context_.store.find_channel(*channel->parent_id) : std::nullopt;
  if (!parent) throw ApiError::unknown(10003, "Channel");
  const auto permissions = member.permissions_in(*parent);
  if (!has(permissions, permission::view_channel)) throw ApiError::missing_access();
  if (channel->type == ChannelType::private_thread && !has(permissions, permission::manage_threads) &&
      !context_.store.find_thread_member(channel_id, user_id)) {
    throw ApiError::missing_access();
  }
  return {std::move(*channel), std::move(member), permissions};
}

Access::ChannelAccess Access::conversation(Snowflake channel_id, Snowflake user_id) {
  auto channel = context_.store.find_channel(channel_id);
  if (!channel) throw ApiError::unknown(10003, "Channel");
  if (!is_private(channel->type)) return this->channel(channel_id, user_id);
  const auto recipients = context_.store.list_recipients(channel_id);
  if (std::find(recipients.begin(), recipients.end(), user_id) == recipients.end())
    throw ApiError::missing_access();
  constexpr Permissions in_private = permission::view_channel | permission::send_messages |
                                     permission::read_message_history | permission::add_reactions |
                                     permission::attach_files | permission::embed_links |
                                     permission::use_external_emojis | permission::pin_messages;
  return {std::move(*channel), Membership{}, in_private};
}

Access::ChannelAccess Access::require_in_conversation(Snowflake channel_id, Snowflake user_id,
                                                      Permissions wanted) {
  auto result = conversation(channel_id, user_id);
  if (result.channel.guild_id) return require_in_channel(channel_id, user_id, wanted);
  if (!has(result.permissions, wanted)) throw ApiError::missing_permissions();
  return result;
}

bool Access::accepts_guild_members_dms(Snowflake user_id) {
  // The "allow direct messages from server members" setting: default_guilds_restricted turns it off.
  const auto settings = context_.store.user_settings(user_id);
  if (!settings) return true;
  const auto parsed = boost::json::parse(*settings);
  const auto* restricted = parsed.as_object().if_contains("default_guilds_restricted");
  return !(restricted && restricted->is_bool() && restricted->as_bool());
}

void Access::require_may_write_privately(const Channel& channel, Snowflake sender_id) {
  if (channel.type != ChannelType::dm) return;
  const auto recipients = context_.store.list_recipients(channel.id);
  for (auto other : recipients) {
    if (other == sender_id) continue;
    const auto mine = context_.store.find_relationship(sender_id, other);
    const auto theirs = context_.store.find_relationship(other, sender_id);
    const auto blocked = relationship_type::blocked;
    const bool friends = mine && mine->type == relationship_type::friend_;
    const bool refused =
        (mine && mine->type == blocked) || (theirs && theirs->type == blocked) ||
        (!friends && !(context_.store.share_guild(sender_id, other) && accepts_guild_members_dms(other)));
    if (refused) throw ApiError(403, 50007, "Cannot send messages to this user");
  }
}

Access::ChannelAccess Access::require_in_channel(Snowflake channel_id, Snowflake user_id,
                                                 Permissions wanted) {
  auto result = channel(channel_id, user_id);
  // In threads, SEND_MESSAGES_IN_THREADS stands where SEND_MESSAGES would.
  if (result.channel.thread && (wanted & permission::send_messages)) {
    wanted = (wanted & ~permission::send_messages) | permission::send_messages_in_threads;
  }
  if (!has(result.permissions, wanted)) throw ApiError::missing_permissions();
  return result;
}

}  // namespace accord
