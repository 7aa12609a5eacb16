#pragma once

#include "auth/token.hpp"
#include "core/clock.hpp"
#include "core/live_config.hpp"
#include "core/snowflake.hpp"
#include "events/event_bus.hpp"
#include "store/store.hpp"

namespace accord {

// What every service needs from the running instance; owned by main, shared by reference.
struct ServiceContext {
  const LiveConfig& config;
  Store& store;
  EventBus& bus;
  SnowflakeGenerator& ids;
  const Clock& clock;
  const TokenSigner& tokens;
};

// Who is asking: resolved once per request from the Authorization header.
struct Caller {
  User user;
  Snowflake session_id = 0;
  std::optional<std::string> audit_reason;  // X-Audit-Log-Reason, decoded, for the guild's audit log
};

}  // namespace accord
