#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/media.hpp"

namespace accord {

// Someone left a guild (left, kicked or banned): the guild hears GUILD_MEMBER_REMOVE, their own
// sessions GUILD_DELETE.
void publish_member_left(EventBus& bus, Snowflake guild_id, const User& user);

class MemberService {
 public:
  MemberService(ServiceContext& context, Access& access, AuditLog& audit_log, MediaService& media)
      : context_(context), access_(access), audit_log_(audit_log), media_(media) {}

  boost::json::array list(const Caller& caller, Snowflake guild_id, Snowflake after, std::int64_t limit);
  boost::json::array search(const Caller& caller, Snowflake guild_id, const std::string& query,
                            std::int64_t limit);
  boost::json::object get(const Caller& caller, Snowflake guild_id, Snowflake user_id);
  boost::json::object modify(const Caller& caller, Snowflake guild_id, Snowflake user_id,
                             const boost::json::value& body);
  boost::json::object modify_me(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  void add_role(const Caller& caller, Snowflake guild_id, Snowflake user_id, Snowflake role_id);
  void remove_role(const Caller& caller, Snowflake guild_id, Snowflake user_id, Snowflake role_id);
  void kick(const Caller& caller, Snowflake guild_id, Snowflake user_id);

  boost::json::array list_bans(const Caller& caller, Snowflake guild_id);
  boost::json::object get_ban(const Caller& caller, Snowflake guild_id, Snowflake user_id);
  void ban(const Caller& caller, Snowflake guild_id, Snowflake user_id, const boost::json::value& body,
           std::optional<std::string> reason);
  void unban(const Caller& caller, Snowflake guild_id, Snowflake user_id);

  // Adds a user to a guild (invite, bot authorization); 40007 if banned. Returns false if already in.
  bool join(Snowflake guild_id, const User& user, std::vector<Snowflake> role_ids = {});

 private:
  // The moderator must outrank the target (the owner outranks all; nobody acts on the owner).
  void require_outranks(const Membership& moderator, Snowflake target_id);
  void publish_update(const Member& member);
  boost::json::array with_users(const std::vector<Member>& members);
  Member require_member(Snowflake guild_id, Snowflake user_id);

  ServiceContext& context_;
  Access& access_;
  AuditLog& audit_log_;
  MediaService& media_;
};

}  // namespace accord
