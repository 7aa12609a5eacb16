#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"

namespace accord {

// Discord's audit log event numbers, the ones Accord records.
namespace audit_action {
inline constexpr std::int64_t guild_update = 1;
inline constexpr std::int64_t channel_create = 10;
inline constexpr std::int64_t channel_update = 11;
inline constexpr std::int64_t channel_delete = 12;
inline constexpr std::int64_t channel_overwrite_create = 13;
inline constexpr std::int64_t channel_overwrite_update = 14;
inline constexpr std::int64_t channel_overwrite_delete = 15;
inline constexpr std::int64_t member_kick = 20;
inline constexpr std::int64_t member_ban_add = 22;
inline constexpr std::int64_t member_ban_remove = 23;
inline constexpr std::int64_t member_update = 24;
inline constexpr std::int64_t member_role_update = 25;
inline constexpr std::int64_t role_create = 30;
inline constexpr std::int64_t role_update = 31;
inline constexpr std::int64_t role_delete = 32;
inline constexpr std::int64_t invite_create = 40;
inline constexpr std::int64_t invite_delete = 42;
inline constexpr std::int64_t webhook_create = 50;
inline constexpr std::int64_t webhook_update = 51;
inline constexpr std::int64_t webhook_delete = 52;
inline constexpr std::int64_t emoji_create = 60;
inline constexpr std::int64_t emoji_update = 61;
inline constexpr std::int64_t emoji_delete = 62;
inline constexpr std::int64_t message_delete = 72;
inline constexpr std::int64_t message_bulk_delete = 73;
inline constexpr std::int64_t message_pin = 74;
inline constexpr std::int64_t message_unpin = 75;
inline constexpr std::int64_t scheduled_event_create = 100;
inline constexpr std::int64_t scheduled_event_update = 101;
inline constexpr std::int64_t scheduled_event_delete = 102;
inline constexpr std::int64_t auto_moderation_rule_create = 140;
inline constexpr std::int64_t auto_moderation_rule_update = 141;
inline constexpr std::int64_t auto_moderation_rule_delete = 142;
inline constexpr std::int64_t auto_moderation_block_message = 143;
inline constexpr std::int64_t auto_moderation_flag_to_channel = 144;
inline constexpr std::int64_t auto_moderation_user_communication_disabled = 145;
}  // namespace audit_action

struct AuditLogEntry {
  Snowflake id = 0;
  Snowflake guild_id = 0;
  std::optional<Snowflake> user_id;  // who did it
  std::optional<Snowflake> target_id;
  std::int64_t action_type = 0;
  boost::json::array changes;   // [{key, old_value?, new_value?}]
  boost::json::object options;  // action-specific (channel_id, count, ...); empty when none
  std::optional<std::string> reason;
};

// What GET /guilds/:id/audit-logs asks for; empty fields do not filter.
struct AuditLogQuery {
  Snowflake guild_id = 0;
  std::optional<Snowflake> user_id;
  std::optional<std::int64_t> action_type;
  std::optional<Snowflake> before;
  std::optional<Snowflake> after;
  std::int64_t limit = 50;
};

boost::json::object audit_log_entry_json(const AuditLogEntry& entry);

}  // namespace accord
