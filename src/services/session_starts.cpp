#include "services/session_starts.hpp"

namespace accord {
namespace {

constexpr std::int64_t day_ms = 24 * 60 * 60 * 1000;

}  // namespace

SessionStartBudget::Day& SessionStartBudget::current(Snowflake user_id, std::int64_t now) {
  auto& day = days_[user_id];
  if (day.used == 0 || now >= day.started_ms + day_ms) day = Day{now, 0};
  return day;
}

SessionStartBudget::Remaining SessionStartBudget::remaining(Snowflake user_id) {
  const auto total = context_.config.get()->gateway.session_start_limit;
  const auto now = context_.clock.now_ms();
  std::lock_guard lock(mutex_);
  const auto& day = current(user_id, now);
  return {total, std::max<std::int64_t>(total - day.used, 0),
          day.used == 0 ? 0 : day.started_ms + day_ms - now};
}

bool SessionStartBudget::spend(Snowflake user_id) {
  const auto total = context_.config.get()->gateway.session_start_limit;
  const auto now = context_.clock.now_ms();
  std::lock_guard lock(mutex_);
  auto& day = current(user_id, now);
  if (day.used >= total) return false;
  ++day.used;
  return true;
}

}  // namespace accord
