#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "services/context.hpp"

namespace accord {

// Logins and their tokens: the one place a token is minted, checked or revoked.
class SessionService {
 public:
  explicit SessionService(ServiceContext& context) : context_(context) {}

  std::string start(Snowflake user_id, std::string client);
  // Accepts `<token>`, `Bot <token>` and `Bearer <token>`; `Bot ` must name a bot account.
  std::optional<Caller> authenticate(std::string_view authorization) const;
  Caller require(std::optional<std::string_view> authorization) const;  // throws 401
  void end(Snowflake session_id);
  // Revokes every token of the user (password change, bot token reset).
  void end_all(Snowflake user_id);

 private:
  ServiceContext& context_;
};

}  // namespace accord
