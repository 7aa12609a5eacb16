#pragma once

#include <map>
#include <mutex>

#include "services/context.hpp"

namespace accord {

// How many gateway sessions each user may start (IDENTIFY, not RESUME) per day, as /gateway/bot
// reports it. Kept in memory: a restart forgives, which errs on the client's side.
class SessionStartBudget {
 public:
  explicit SessionStartBudget(ServiceContext& context) : context_(context) {}

  struct Remaining {
    std::int64_t total = 0;
    std::int64_t remaining = 0;
    std::int64_t reset_after_ms = 0;
  };
  Remaining remaining(Snowflake user_id);
  // Spends one start; false when none is left today.
  bool spend(Snowflake user_id);

 private:
  struct Day {
    std::int64_t started_ms = 0;
    std::int64_t used = 0;
  };
  Day& current(Snowflake user_id, std::int64_t now);

  ServiceContext& context_;
  std::mutex mutex_;
  std::map<Snowflake, Day> days_;
};

}  // namespace accord
