#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/members.hpp"

namespace accord {

class InviteService {
 public:
  InviteService(ServiceContext& context, Access& access, MemberService& members, AuditLog& audit_log)
      : context_(context), access_(access), audit_log_(audit_log), members_(members) {}

  boost::json::object create(const Caller& caller, Snowflake channel_id, const boost::json::value& body);
  // Anyone may look an invite up, even without an account, as invite links are shared in the open.
  boost::json::object get(const std::string& code, bool with_counts);
  // The official client's join: counts a use, adds the caller, returns the invite.
  boost::json::object accept(const Caller& caller, const std::string& code);
  boost::json::object remove(const Caller& caller, const std::string& code);
  boost::json::array list_guild(const Caller& caller, Snowflake guild_id);
  boost::json::array list_channel(const Caller& caller, Snowflake channel_id);

 private:
  boost::json::object invite_json(const Invite& invite, bool with_metadata, bool with_counts);
  ServiceContext& context_;
  Access& access_;
  AuditLog& audit_log_;
  MemberService& members_;
};

}  // namespace accord
