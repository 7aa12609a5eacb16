#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "services/context.hpp"
#include "services/sessions.hpp"

namespace accord {

// Instance administration: only for holders of instance rights, never for guild permissions.
class AdminService {
 public:
  AdminService(ServiceContext& context, SessionService& sessions)
      : context_(context), sessions_(sessions), started_ms_(context.clock.now_ms()) {}

  // 403 unless the caller holds `wanted` (operators hold everything).
  void require(const Caller& caller, std::int64_t wanted) const;
  // Asks every gateway session of the user to reconnect and resume (op 7), as before maintenance.
  void reconnect_sessions(const Caller& caller, Snowflake user_id);

  boost::json::array list_users(const Caller& caller, const std::string& query, Snowflake after,
                                std::int64_t limit);
  struct UserChanges {
    std::optional<std::int64_t> rights;
    std::optional<bool> disabled;
  };
  boost::json::object modify_user(const Caller& caller, Snowflake user_id, const UserChanges& changes);
  // Accounts are anonymised and disabled rather than erased: their messages stay, as on Discord.
  void delete_user(const Caller& caller, Snowflake user_id);

  boost::json::array list_guilds(const Caller& caller, const std::string& query, Snowflake after,
                                 std::int64_t limit);
  void delete_guild(const Caller& caller, Snowflake guild_id);

  boost::json::object statistics(const Caller& caller) const;
  // Also for `accord stats`, which has no caller.
  boost::json::object statistics() const;

  // Readings of this process's gateway, wired by main once the gateway exists.
  std::function<std::int64_t()> sessions_online;
  std::function<std::int64_t()> events_dispatched;
  // Told when a user's rights change, so what was derived from them (rate-limit bypass) is redone.
  std::function<void(Snowflake)> rights_changed;

  // Called every few seconds: keeps a minute of dispatch totals so statistics can give a rate.
  void sample_events();
  double events_per_second() const;

 private:
  ServiceContext& context_;
  SessionService& sessions_;
  std::int64_t started_ms_ = 0;
  mutable std::mutex samples_mutex_;
  std::deque<std::pair<std::int64_t, std::int64_t>> event_samples_;  // (ms, events dispatched so far)
};

}  // namespace accord
