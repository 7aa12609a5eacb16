#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/access.hpp"

namespace accord {

// One change of an audit entry: {key, old_value?, new_value?}; a null side is left out.
boost::json::object audit_change(std::string_view key, const boost::json::value& old_value,
                                 const boost::json::value& new_value);

// The changes between two JSON forms of one object, over `keys`: created objects diff against {},
// deleted ones against {}.
boost::json::array audit_changes(const boost::json::object& before, const boost::json::object& after,
                                 std::initializer_list<std::string_view> keys);

// The guild's record of moderation and settings changes: who did what to whom, and why (the
// caller's X-Audit-Log-Reason). Recording also tells the guild's moderators over the gateway.
class AuditLog {
 public:
  AuditLog(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  void record(const Caller& caller, Snowflake guild_id, std::int64_t action_type,
              std::optional<Snowflake> target_id, boost::json::array changes = {},
              boost::json::object options = {});

  // GET /guilds/:id/audit-logs, for members with VIEW_AUDIT_LOG.
  boost::json::object list(const Caller& caller, const AuditLogQuery& query);

 private:
  ServiceContext& context_;
  Access& access_;
};

}  // namespace accord
