#pragma once

#include "services/context.hpp"

namespace accord {

// Instance administration: only for holders of instance rights, never for guild permissions.
class AdminService {
 public:
  explicit AdminService(ServiceContext& context) : context_(context) {}

  // 403 unless the caller holds `wanted` (operators hold everything).
  void require(const Caller& caller, std::int64_t wanted) const;
  // Asks every gateway session of the user to reconnect and resume (op 7), as before maintenance.
  void reconnect_sessions(const Caller& caller, Snowflake user_id);

 private:
  ServiceContext& context_;
};

}  // namespace accord
