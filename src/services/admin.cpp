#include "services/admin.hpp"

#include "services/accounts.hpp"

#include "auth/rights.hpp"
#include "core/api_error.hpp"
#include "core/timestamp.hpp"

namespace accord {
namespace {

boost::json::object admin_user_json(const User& user) {
  return {
      {"id", to_string(user.id)},
      {"username", user.username},
      {"discriminator", user.discriminator},
      {"global_name", user.global_name ? boost::json::value(*user.global_name) : nullptr},
      {"email", user.email ? boost::json::value(*user.email) : nullptr},
      {"bot", user.bot},
      {"rights", user.rights},
      {"disabled", user.disabled},
      {"created_at", iso_timestamp(user.created_at_ms)},
  };
}

}  // namespace

void AdminService::require(const Caller& caller, std::int64_t wanted) const {
  if (!rights::holds(caller.user.rights, wanted)) throw ApiError::missing_permissions();
}

void AdminService::reconnect_sessions(const Caller& caller, Snowflake user_id) {
  require(caller, rights::manage_users);
  if (!context_.store.find_user(user_id)) throw ApiError::unknown(10013, "User");
  // A control event: sessions answer it with op 7 instead of dispatching it.
  context_.bus.publish({std::string(gateway_reconnect_event), nullptr, Audience::user(user_id)});
}

boost::json::array AdminService::list_users(const Caller& caller, const std::string& query, Snowflake after,
                                            std::int64_t limit) {
  require(caller, rights::manage_users);
  boost::json::array list;
  for (const auto& user : context_.store.list_users(query, after, limit))
    list.push_back(admin_user_json(user));
  return list;
}

boost::json::object AdminService::modify_user(const Caller& caller, Snowflake user_id,
                                              const UserChanges& changes) {
  require(caller, rights::manage_users);
  // Handing out rights is the operator's alone, or a user manager could make themself an operator.
  if (changes.rights) require(caller, rights::operator_);
  auto user = context_.store.find_user(user_id);
  if (!user) throw ApiError::unknown(10013, "User");
  if (changes.disabled && *changes.disabled && user_id == caller.user.id)
    throw ApiError::invalid_field("disabled", "CANNOT_DISABLE_SELF", "You cannot disable your own account.");
  if (changes.rights) user->rights = *changes.rights;
  if (changes.disabled) user->disabled = *changes.disabled;
  context_.store.set_user_rights(user->id, user->rights, user->disabled);
  if (rights_changed) rights_changed(user->id);
  if (user->disabled) {
    sessions_.end_all(user->id);
    context_.bus.publish({std::string(gateway_reconnect_event), nullptr, Audience::user(user->id)});
  }
  return admin_user_json(*user);
}

void AdminService::delete_user(const Caller& caller, Snowflake user_id) {
  require(caller, rights::manage_users);
  const auto found = context_.store.find_user(user_id);
  if (!found) throw ApiError::unknown(10013, "User");
  if (user_id == caller.user.id)
    throw ApiError::invalid_field("user_id", "CANNOT_DELETE_SELF",
                                  "You cannot delete your own account here.");
  anonymise_account(context_, sessions_, *found);
}

boost::json::array AdminService::list_guilds(const Caller& caller, const std::string& query, Snowflake after,
                                             std::int64_t limit) {
  require(caller, rights::manage_guilds);
  boost::json::array list;
  for (const auto& guild : context_.store.list_guilds(query, after, limit)) {
    list.push_back(boost::json::object{
        {"id", to_string(guild.id)},
        {"name", guild.name},
        {"owner_id", to_string(guild.owner_id)},
        {"member_count", context_.store.count_members(guild.id)},
    });
  }
  return list;
}

void AdminService::delete_guild(const Caller& caller, Snowflake guild_id) {
  require(caller, rights::manage_guilds);
  if (!context_.store.find_guild(guild_id)) throw ApiError::unknown(10004, "Guild");
  context_.store.delete_guild(guild_id);
  context_.bus.publish({"GUILD_DELETE", {{"id", to_string(guild_id)}}, Audience::guild(guild_id)});
}

boost::json::object AdminService::statistics(const Caller& caller) const {
  require(caller, rights::operator_);
  return statistics();
}

void AdminService::sample_events() {
  if (!events_dispatched) return;
  const auto now = context_.clock.now_ms();
  std::lock_guard lock(samples_mutex_);
  event_samples_.emplace_back(now, events_dispatched());
  while (event_samples_.size() > 1 && now - event_samples_.front().first > 60'000) event_samples_.pop_front();
}

double AdminService::events_per_second() const {
  std::lock_guard lock(samples_mutex_);
  if (event_samples_.size() < 2) return 0;
  const auto& [first_ms, first_count] = event_samples_.front();
  const auto& [last_ms, last_count] = event_samples_.back();
  if (last_ms <= first_ms) return 0;
  return static_cast<double>(last_count - first_count) * 1000.0 / static_cast<double>(last_ms - first_ms);
}

boost::json::object AdminService::statistics() const {
  const auto counts = context_.store.count_instance();
  return {
      {"users", counts.people},
      {"bots", counts.bots},
      {"guilds", counts.guilds},
      {"channels", counts.channels},
      {"messages", counts.messages},
      {"sessions_online", sessions_online ? sessions_online() : 0},
      {"events_dispatched", events_dispatched ? events_dispatched() : 0},
      {"events_per_second", events_per_second()},
      {"uptime_seconds", (context_.clock.now_ms() - started_ms_) / 1000},
  };
}

}  // namespace accord
