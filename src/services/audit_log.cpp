#include "services/audit_log.hpp"

#include <set>

namespace accord {

boost::json::object audit_change(std::string_view key, const boost::json::value& old_value,
                                 const boost::json::value& new_value) {
  boost::json::object change{{"key", key}};
  if (!old_value.is_null()) change["old_value"] = old_value;
  if (!new_value.is_null()) change["new_value"] = new_value;
  return change;
}

boost::json::array audit_changes(const boost::json::object& before, const boost::json::object& after,
                                 std::initializer_list<std::string_view> keys) {
  boost::json::array changes;
  for (auto key : keys) {
    const auto* old_value = before.if_contains(key);
    const auto* new_value = after.if_contains(key);
    const boost::json::value none;
    const auto& old_or_null = old_value ? *old_value : none;
    const auto& new_or_null = new_value ? *new_value : none;
    if (old_or_null != new_or_null) changes.push_back(audit_change(key, old_or_null, new_or_null));
  }
  return changes;
}

void AuditLog::record(const Caller& caller, Snowflake guild_id, std::int64_t action_type,
                      std::optional<Snowflake> target_id, boost::json::array changes,
                      boost::json::object options) {
  AuditLogEntry entry;
  entry.id = context_.ids.next();
  entry.guild_id = guild_id;
  entry.user_id = caller.user.id;
  entry.target_id = target_id;
  entry.action_type = action_type;
  entry.changes = std::move(changes);
  entry.options = std::move(options);
  entry.reason = caller.audit_reason;
  context_.store.add_audit_entry(entry);
  auto payload = audit_log_entry_json(entry);
  payload["guild_id"] = to_string(guild_id);
  Event event{"GUILD_AUDIT_LOG_ENTRY_CREATE", std::move(payload), Audience::guild(guild_id), std::nullopt,
              intent::guild_moderation};
  event.required_permission = permission::view_audit_log;
  context_.bus.publish(std::move(event));
}

boost::json::object AuditLog::list(const Caller& caller, const AuditLogQuery& query) {
  access_.require(query.guild_id, caller.user.id, permission::view_audit_log);
  const auto entries = context_.store.list_audit_entries(query);
  boost::json::array json_entries;
  std::vector<Snowflake> user_ids;
  std::set<Snowflake> webhook_ids;
  std::set<Snowflake> rule_ids;
  std::set<Snowflake> event_ids;
  for (const auto& entry : entries) {
    json_entries.push_back(audit_log_entry_json(entry));
    if (entry.user_id) user_ids.push_back(*entry.user_id);
    if (entry.target_id && entry.action_type >= audit_action::member_kick &&
        entry.action_type <= audit_action::member_role_update)
      user_ids.push_back(*entry.target_id);
    if (entry.target_id && entry.action_type >= audit_action::webhook_create &&
        entry.action_type <= audit_action::webhook_delete)
      webhook_ids.insert(*entry.target_id);
    if (entry.target_id && entry.action_type >= audit_action::auto_moderation_rule_create &&
        entry.action_type <= audit_action::auto_moderation_rule_delete)
      rule_ids.insert(*entry.target_id);
    if (entry.target_id && entry.action_type >= audit_action::scheduled_event_create &&
        entry.action_type <= audit_action::scheduled_event_delete)
      event_ids.insert(*entry.target_id);
  }
  // The objects entries name, while they still exist.
  boost::json::array rules;
  for (auto id : rule_ids) {
    if (auto rule = context_.store.find_automod_rule(id); rule && rule->guild_id == query.guild_id)
      rules.push_back(auto_moderation_rule_json(*rule));
  }
  boost::json::array events;
  for (auto id : event_ids) {
    if (auto event = context_.store.find_scheduled_event(id); event && event->guild_id == query.guild_id)
      events.push_back(scheduled_event_json(*event, std::nullopt, std::nullopt));
  }
  std::sort(user_ids.begin(), user_ids.end());
  user_ids.erase(std::unique(user_ids.begin(), user_ids.end()), user_ids.end());
  boost::json::array users;
  for (const auto& user : context_.store.find_users(user_ids)) users.push_back(public_user_json(user));
  boost::json::array webhooks;
  for (auto id : webhook_ids) {
    if (auto webhook = context_.store.find_webhook(id)) {
      webhooks.push_back({{"id", to_string(webhook->id)},
                          {"type", webhook->type},
                          {"guild_id", to_string(webhook->guild_id)},
                          {"channel_id", to_string(webhook->channel_id)},
                          {"name", webhook->name},
                          {"avatar", webhook->avatar ? boost::json::value(*webhook->avatar) : nullptr},
                          {"application_id", nullptr}});
    }
  }
  return {{"audit_log_entries", std::move(json_entries)},
          {"users", std::move(users)},
          {"webhooks", std::move(webhooks)},
          {"integrations", boost::json::array{}},
          {"threads", boost::json::array{}},
          {"application_commands", boost::json::array{}},
          {"auto_moderation_rules", std::move(rules)},
          {"guild_scheduled_events", std::move(events)}};
}

}  // namespace accord
