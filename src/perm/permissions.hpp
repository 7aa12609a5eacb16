#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/snowflake.hpp"

namespace accord {

// A bitfield, not a count: 64 bits because Discord is already past bit 50 and keeps adding.
using Permissions = std::uint64_t;

namespace permission {

inline constexpr Permissions create_instant_invite = 1ull << 0;
inline constexpr Permissions kick_members = 1ull << 1;
inline constexpr Permissions ban_members = 1ull << 2;
inline constexpr Permissions administrator = 1ull << 3;
inline constexpr Permissions manage_channels = 1ull << 4;
inline constexpr Permissions manage_guild = 1ull << 5;
inline constexpr Permissions add_reactions = 1ull << 6;
inline constexpr Permissions view_audit_log = 1ull << 7;
inline constexpr Permissions priority_speaker = 1ull << 8;
inline constexpr Permissions stream = 1ull << 9;
inline constexpr Permissions view_channel = 1ull << 10;
inline constexpr Permissions send_messages = 1ull << 11;
inline constexpr Permissions send_tts_messages = 1ull << 12;
inline constexpr Permissions manage_messages = 1ull << 13;
inline constexpr Permissions embed_links = 1ull << 14;
inline constexpr Permissions attach_files = 1ull << 15;
inline constexpr Permissions read_message_history = 1ull << 16;
inline constexpr Permissions mention_everyone = 1ull << 17;
inline constexpr Permissions use_external_emojis = 1ull << 18;
inline constexpr Permissions view_guild_insights = 1ull << 19;
inline constexpr Permissions connect = 1ull << 20;
inline constexpr Permissions speak = 1ull << 21;
inline constexpr Permissions mute_members = 1ull << 22;
inline constexpr Permissions deafen_members = 1ull << 23;
inline constexpr Permissions move_members = 1ull << 24;
inline constexpr Permissions use_vad = 1ull << 25;
inline constexpr Permissions change_nickname = 1ull << 26;
inline constexpr Permissions manage_nicknames = 1ull << 27;
inline constexpr Permissions manage_roles = 1ull << 28;
inline constexpr Permissions manage_webhooks = 1ull << 29;
inline constexpr Permissions manage_guild_expressions = 1ull << 30;
inline constexpr Permissions use_application_commands = 1ull << 31;
inline constexpr Permissions request_to_speak = 1ull << 32;
inline constexpr Permissions manage_events = 1ull << 33;
inline constexpr Permissions manage_threads = 1ull << 34;
inline constexpr Permissions create_public_threads = 1ull << 35;
inline constexpr Permissions create_private_threads = 1ull << 36;
inline constexpr Permissions use_external_stickers = 1ull << 37;
inline constexpr Permissions send_messages_in_threads = 1ull << 38;
inline constexpr Permissions use_embedded_activities = 1ull << 39;
inline constexpr Permissions moderate_members = 1ull << 40;
inline constexpr Permissions view_creator_monetization_analytics = 1ull << 41;
inline constexpr Permissions use_soundboard = 1ull << 42;
inline constexpr Permissions create_guild_expressions = 1ull << 43;
inline constexpr Permissions create_events = 1ull << 44;
inline constexpr Permissions use_external_sounds = 1ull << 45;
inline constexpr Permissions send_voice_messages = 1ull << 46;
// Bit 47 is unused by Discord.
inline constexpr Permissions set_voice_channel_status = 1ull << 48;
inline constexpr Permissions send_polls = 1ull << 49;
inline constexpr Permissions use_external_apps = 1ull << 50;
inline constexpr Permissions pin_messages = 1ull << 51;
inline constexpr Permissions bypass_slowmode = 1ull << 52;

// What the owner and administrators hold. Only known bits, so a client that stores a role with
// bits Discord has not defined yet does not make them appear to be granted.
inline constexpr Permissions all =
    create_instant_invite | kick_members | ban_members | administrator | manage_channels | manage_guild |
    add_reactions | view_audit_log | priority_speaker | stream | view_channel | send_messages |
    send_tts_messages | manage_messages | embed_links | attach_files | read_message_history |
    mention_everyone | use_external_emojis | view_guild_insights | connect | speak | mute_members |
    deafen_members | move_members | use_vad | change_nickname | manage_nicknames | manage_roles |
    manage_webhooks | manage_guild_expressions | use_application_commands | request_to_speak | manage_events |
    manage_threads | create_public_threads | create_private_threads | use_external_stickers |
    send_messages_in_threads | use_embedded_activities | moderate_members |
    view_creator_monetization_analytics | use_soundboard | create_guild_expressions | create_events |
    use_external_sounds | send_voice_messages | set_voice_channel_status | send_polls | use_external_apps |
    pin_messages | bypass_slowmode;
static_assert(all == (((1ull << 53) - 1) & ~(1ull << 47)));

// The @everyone role of a newly created guild. discord.md does not list it; this is the value real
// Discord guilds report for an untouched @everyone role (GET /guilds/{id} `roles[0].permissions`,
// "1071698660929"), which Discord-compatible servers such as yepcord also use as their default.
inline constexpr Permissions default_everyone =
    create_instant_invite | add_reactions | stream | view_channel | send_messages | embed_links |
    attach_files | read_message_history | mention_everyone | use_external_emojis | connect | speak | use_vad |
    change_nickname | use_application_commands | request_to_speak | create_public_threads |
    create_private_threads | use_external_stickers | send_messages_in_threads | use_embedded_activities;
static_assert(default_everyone == 1071698660929ull);

}  // namespace permission

struct PermissionOverwrite {
  Snowflake id = 0;  // a role id (the guild id for @everyone) or a user id
  int type = 0;      // 0 role, 1 member; matching is by id, which is unique across both kinds
  Permissions allow = 0;
  Permissions deny = 0;
};

// Everything the computation needs and nothing more, so it stays a pure function that tests can
// drive without a store.
struct MemberPermissionInput {
  Snowflake guild_id = 0;
  Snowflake guild_owner_id = 0;
  Snowflake user_id = 0;
  Permissions everyone_permissions = 0;       // the @everyone role (its id == guild_id)
  std::vector<Permissions> role_permissions;  // the member's other roles
  std::vector<Snowflake> role_ids;            // the same roles' ids, for overwrites
  std::optional<std::int64_t> communication_disabled_until_ms;
  std::int64_t now_ms = 0;
};

// Guild level: owner and ADMINISTRATOR get `all`; otherwise @everyone | roles, cut down to
// VIEW_CHANNEL and READ_MESSAGE_HISTORY while the member is timed out.
Permissions base_permissions(const MemberPermissionInput& member);

// Channel level: base, then overwrites (@everyone, the member's roles together, the member), then
// Discord's implicit rules. Overwrites may come in any order; their kind decides when they apply.
Permissions channel_permissions(const MemberPermissionInput& member,
                                const std::vector<PermissionOverwrite>& overwrites);

// True when every bit of `wanted` is granted (so wanting nothing is always allowed).
bool has(Permissions granted, Permissions wanted);

// Discord sends permissions as decimal strings because they no longer fit a JavaScript number.
std::string to_permission_string(Permissions permissions);
// Plain decimal only: signs, spaces, hex and values past 64 bits are rejected. Unknown bits are kept;
// callers that store the value mask it with `permission::all`.
std::optional<Permissions> parse_permission_string(std::string_view text);
// A bitfield as a JSON body carries it: a decimal string, or a non-negative integer.
std::optional<Permissions> permission_value(const boost::json::value& value);

}  // namespace accord
