#pragma once

#include "services/access.hpp"
#include "services/members.hpp"

namespace accord {

// OAuth2 "add a bot to a server": a user with MANAGE_GUILD brings an application's bot into a guild,
// which gets a managed role carrying the permissions the user granted.
class BotAuthorizationService {
 public:
  BotAuthorizationService(ServiceContext& context, Access& access, MemberService& members)
      : context_(context), access_(access), members_(members) {}

  void authorize(const Caller& caller, Snowflake application_id, Snowflake guild_id, Permissions permissions);

 private:
  ServiceContext& context_;
  Access& access_;
  MemberService& members_;
};

}  // namespace accord
