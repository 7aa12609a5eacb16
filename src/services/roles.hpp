#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/form.hpp"
#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/media.hpp"

namespace accord {

// Roles and the hierarchy: nobody but the owner edits, grants or deletes a role at or above their own
// highest role, or grants permissions they do not hold.
class RoleService {
 public:
  RoleService(ServiceContext& context, Access& access, MediaService& media, AuditLog& audit_log)
      : context_(context), access_(access), media_(media), audit_log_(audit_log) {}

  boost::json::array list(const Caller& caller, Snowflake guild_id);
  boost::json::object create(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  boost::json::object modify(const Caller& caller, Snowflake guild_id, Snowflake role_id,
                             const boost::json::value& body);
  void remove(const Caller& caller, Snowflake guild_id, Snowflake role_id);
  boost::json::array reorder(const Caller& caller, Snowflake guild_id, const boost::json::value& body);

 private:
  // Returns the icon asked for (a data URI, or null to remove it), stored once the form is valid.
  std::optional<std::optional<std::string>> apply_fields(FormReader& form, const boost::json::value& body,
                                                         const Membership& editor, Role& role);
  void store_icon(Role& role, const std::optional<std::optional<std::string>>& icon);
  void publish(const char* name, const Role& role);

  ServiceContext& context_;
  Access& access_;
  MediaService& media_;
  AuditLog& audit_log_;
};

}  // namespace accord
