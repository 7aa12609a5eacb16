#include "model/audit_log.hpp"

namespace accord {

boost::json::object audit_log_entry_json(const AuditLogEntry& entry) {
  auto id_or_null = [](const std::optional<Snowflake>& id) {
    return id ? boost::json::value(to_string(*id)) : boost::json::value(nullptr);
  };
  boost::json::object json{
      {"id", to_string(entry.id)},
      {"user_id", id_or_null(entry.user_id)},
      {"target_id", id_or_null(entry.target_id)},
      {"action_type", entry.action_type},
      {"changes", entry.changes},
  };
  if (!entry.options.empty()) json["options"] = entry.options;
  if (entry.reason) json["reason"] = *entry.reason;
  return json;
}

}  // namespace accord
