#pragma once

#include <vector>

#include "perm/permissions.hpp"
#include "services/context.hpp"

namespace accord {

// A user's standing in one guild: everything a permission decision needs, loaded once per request.
struct Membership {
  Guild guild;
  Member member;
  std::vector<Role> roles;  // all roles of the guild, @everyone included
  std::int64_t now_ms = 0;

  bool is_owner() const { return guild.owner_id == member.user_id; }
  Permissions permissions() const;                           // guild level
  Permissions permissions_in(const Channel& channel) const;  // channel level, with overwrites
  // The member's top role position; the owner outranks everyone.
  std::int64_t highest_position() const;
  const Role* find_role(Snowflake id) const;
};

// Answers "who may do what" from the objects' real guild and channel, never from URL segments the
// caller chose. Unknown objects and objects in guilds the caller is not in look alike where Discord
// makes them look alike.
class Access {
 public:
  explicit Access(ServiceContext& context) : context_(context) {}

  // 10004 when the guild does not exist, 50001 when the user is not in it.
  Membership membership(Snowflake guild_id, Snowflake user_id);
  // membership() plus 50013 unless the member holds every bit of `wanted`.
  Membership require(Snowflake guild_id, Snowflake user_id, Permissions wanted);

  // A guild channel the user can see: 10003 when unknown, 50001 when hidden or not a member.
  struct ChannelAccess {
    Channel channel;
    Membership membership;
    Permissions permissions;
  };
  ChannelAccess channel(Snowflake channel_id, Snowflake user_id);
  ChannelAccess require_in_channel(Snowflake channel_id, Snowflake user_id, Permissions wanted);

  // Where messages are read and written: a guild channel (as channel()), or a DM or group DM the
  // user is in, which carries the fixed permissions of a private conversation and no membership.
  ChannelAccess conversation(Snowflake channel_id, Snowflake user_id);
  ChannelAccess require_in_conversation(Snowflake channel_id, Snowflake user_id, Permissions wanted);
  // In a DM: 50007 when either has blocked the other, or when the other is neither a friend nor in a
  // guild with the sender (DMs are for people who know each other), or takes DMs from friends only
  // (settings.default_guilds_restricted).
  void require_may_write_privately(const Channel& channel, Snowflake sender_id);

 private:
  bool accepts_guild_members_dms(Snowflake user_id);

  ServiceContext& context_;
};

}  // namespace accord
