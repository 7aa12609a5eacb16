#include "perm/permissions.hpp"

#include <algorithm>
#include <charconv>

namespace accord {
namespace {

// What a timed-out member keeps: they may still read, never act.
constexpr Permissions timeout_keeps = permission::view_channel | permission::read_message_history;

// Without SEND_MESSAGES these bits have nothing to attach to. Applied to every channel kind because
// voice and stage channels carry a text chat too.
constexpr Permissions needs_send_messages = permission::mention_everyone | permission::send_tts_messages |
                                            permission::attach_files | permission::embed_links;

bool is_owner(const MemberPermissionInput& member) {
  return member.user_id == member.guild_owner_id;
}

bool is_timed_out(const MemberPermissionInput& member) {
  return member.communication_disabled_until_ms && *member.communication_disabled_until_ms > member.now_ms;
}

// Base permissions before the timeout cut: channel overwrites must start from here, or an allow
// overwrite would hand a timed-out member back what the timeout took.
Permissions roles_union(const MemberPermissionInput& member) {
  Permissions granted = member.everyone_permissions;
  for (const auto role : member.role_permissions) granted |= role;
  return granted;
}

bool bypasses_everything(const MemberPermissionInput& member, Permissions roles) {
  return is_owner(member) || has(roles, permission::administrator);
}

Permissions apply(Permissions granted, Permissions deny, Permissions allow) {
  return (granted & ~deny) | allow;
}

}  // namespace

Permissions base_permissions(const MemberPermissionInput& member) {
  const auto granted = roles_union(member);
  if (bypasses_everything(member, granted)) return permission::all;
  return is_timed_out(member) ? granted & timeout_keeps : granted;
}

Permissions channel_permissions(const MemberPermissionInput& member,
                                const std::vector<PermissionOverwrite>& overwrites) {
  auto granted = roles_union(member);
  if (bypasses_everything(member, granted)) return permission::all;

  // Collected first so the result does not depend on the order the overwrites are stored in.
  Permissions everyone_deny = 0, everyone_allow = 0;
  Permissions roles_deny = 0, roles_allow = 0;
  Permissions member_deny = 0, member_allow = 0;
  for (const auto& overwrite : overwrites) {
    if (overwrite.id == member.guild_id) {
      everyone_deny |= overwrite.deny;
      everyone_allow |= overwrite.allow;
    } else if (overwrite.id == member.user_id) {
      member_deny |= overwrite.deny;
      member_allow |= overwrite.allow;
    } else if (std::find(member.role_ids.begin(), member.role_ids.end(), overwrite.id) !=
               member.role_ids.end()) {
      roles_deny |= overwrite.deny;
      roles_allow |= overwrite.allow;
    }
  }
  granted = apply(granted, everyone_deny, everyone_allow);
  // Roles are applied together, all denies before all allows, so between two roles allow wins.
  granted = apply(granted, roles_deny, roles_allow);
  granted = apply(granted, member_deny, member_allow);
  // ADMINISTRATOR is a guild-level grant; an overwrite cannot confer it, and leaving the bit in would
  // make clients that treat it as "everything" show controls the server then refuses.
  granted &= ~permission::administrator;

  if (is_timed_out(member)) granted &= timeout_keeps;
  if (!has(granted, permission::view_channel)) return 0;
  if (!has(granted, permission::send_messages)) granted &= ~needs_send_messages;
  return granted;
}

bool has(Permissions granted, Permissions wanted) {
  return (granted & wanted) == wanted;
}

std::string to_permission_string(Permissions permissions) {
  return std::to_string(permissions);
}

std::optional<Permissions> parse_permission_string(std::string_view text) {
  // from_chars alone would accept a prefix ("12abc") and, for some types, a leading minus.
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  Permissions value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Permissions> permission_value(const boost::json::value& value) {
  if (value.is_string()) return parse_permission_string(value.as_string());
  if (value.is_int64() && value.as_int64() >= 0) return static_cast<Permissions>(value.as_int64());
  return std::nullopt;
}

}  // namespace accord
