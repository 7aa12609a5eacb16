#include "services/admin.hpp"

#include "auth/rights.hpp"
#include "core/api_error.hpp"

namespace accord {

void AdminService::require(const Caller& caller, std::int64_t wanted) const {
  if (!rights::holds(caller.user.rights, wanted)) throw ApiError::missing_permissions();
}

void AdminService::reconnect_sessions(const Caller& caller, Snowflake user_id) {
  require(caller, rights::manage_users);
  if (!context_.store.find_user(user_id)) throw ApiError::unknown(10013, "User");
  // A control event: sessions answer it with op 7 instead of dispatching it.
  context_.bus.publish({std::string(gateway_reconnect_event), nullptr, Audience::user(user_id)});
}

}  // namespace accord
