#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/form.hpp"
#include "services/access.hpp"
#include "services/audit_log.hpp"

namespace accord {

// Text channel names as Discord stores them: lower case, spaces as dashes.
std::string lowercase_channel_name(const std::string& name);

// Overwrites may only set or clear bits the editor holds (owner and admins hold all), and need
// MANAGE_ROLES: otherwise editing a channel would be a way to grant yourself anything.
void require_can_grant(Permissions editor, const std::vector<PermissionOverwrite>& before,
                       const std::vector<PermissionOverwrite>& after);

class ChannelService {
 public:
  ChannelService(ServiceContext& context, Access& access, AuditLog& audit_log)
      : context_(context), access_(access), audit_log_(audit_log) {}

  boost::json::array list(const Caller& caller, Snowflake guild_id);
  boost::json::object get(const Caller& caller, Snowflake channel_id);
  boost::json::object create(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  boost::json::object modify(const Caller& caller, Snowflake channel_id, const boost::json::value& body);
  boost::json::object remove(const Caller& caller, Snowflake channel_id);
  void reorder(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  void set_overwrite(const Caller& caller, Snowflake channel_id, Snowflake target_id,
                     const boost::json::value& body);
  void delete_overwrite(const Caller& caller, Snowflake channel_id, Snowflake target_id);

 private:
  // Reads the editable fields into `channel`, checking them against its guild.
  void apply_fields(FormReader& form, const boost::json::value& body, Channel& channel,
                    const std::vector<Channel>& siblings);
  void publish(const char* name, const Channel& channel);

  ServiceContext& context_;
  Access& access_;
  AuditLog& audit_log_;
};

}  // namespace accord
