#include "services/presence.hpp"

namespace accord {
namespace {

std::string shown(const std::string& status) {
  return status == "invisible" ? "offline" : status;
}

}  // namespace

std::pair<std::string, boost::json::array> PresenceService::effective(Snowflake user_id) const {
  auto user = sessions_.find(user_id);
  if (user == sessions_.end() || user->second.empty()) return {"offline", {}};
  auto last = last_session_.find(user_id);
  auto session = last != last_session_.end() ? user->second.find(last->second) : user->second.end();
  if (session == user->second.end()) session = user->second.begin();
  return {session->second.status, session->second.activities};
}

void PresenceService::update(Snowflake user_id, const std::string& session_id, std::string status,
                             boost::json::array activities) {
  if (status != "online" && status != "idle" && status != "dnd" && status != "invisible") status = "online";
  std::pair<std::string, boost::json::array> before, after;
  {
    std::lock_guard lock(mutex_);
    before = effective(user_id);
    sessions_[user_id][session_id] = {status, std::move(activities)};
    last_session_[user_id] = session_id;
    after = effective(user_id);
  }
  if (shown(before.first) != shown(after.first) || before.second != after.second) {
    publish(user_id, shown(after.first), after.second);
  }
}

void PresenceService::remove(Snowflake user_id, const std::string& session_id) {
  std::pair<std::string, boost::json::array> before, after;
  {
    std::lock_guard lock(mutex_);
    before = effective(user_id);
    auto user = sessions_.find(user_id);
    if (user == sessions_.end()) return;
    user->second.erase(session_id);
    if (user->second.empty()) {
      sessions_.erase(user);
      last_session_.erase(user_id);
    }
    after = effective(user_id);
  }
  if (shown(before.first) != shown(after.first) || before.second != after.second) {
    publish(user_id, shown(after.first), after.second);
  }
}

std::optional<boost::json::object> PresenceService::visible_presence(Snowflake user_id,
                                                                     Snowflake guild_id) const {
  std::lock_guard lock(mutex_);
  const auto [status, activities] = effective(user_id);
  if (shown(status) == "offline") return std::nullopt;
  return boost::json::object{{"user", {{"id", to_string(user_id)}}},
                             {"guild_id", to_string(guild_id)},
                             {"status", shown(status)},
                             {"activities", activities},
                             {"client_status", {{"web", shown(status)}}}};
}

boost::json::array PresenceService::friend_presences(Snowflake user_id) const {
  boost::json::array list;
  for (const auto& relationship : context_.store.list_relationships(user_id)) {
    if (relationship.type != relationship_type::friend_) continue;
    std::lock_guard lock(mutex_);
    const auto [status, activities] = effective(relationship.other_id);
    if (shown(status) == "offline") continue;
    list.push_back({{"user", {{"id", to_string(relationship.other_id)}}},
                    {"status", shown(status)},
                    {"activities", activities},
                    {"client_status", {{"web", shown(status)}}}});
  }
  return list;
}

void PresenceService::publish(Snowflake user_id, const std::string& status,
                              const boost::json::array& activities) {
  for (const auto& relationship : context_.store.list_relationships(user_id)) {
    if (relationship.type != relationship_type::friend_) continue;
    boost::json::object payload{
        {"user", {{"id", to_string(user_id)}}},
        {"status", status},
        {"activities", activities},
        {"client_status",
         status == "offline" ? boost::json::object{} : boost::json::object{{"web", status}}}};
    context_.bus.publish({"PRESENCE_UPDATE", std::move(payload), Audience::user(relationship.other_id)});
  }
  for (const auto& guild : context_.store.list_user_guilds(user_id)) {
    boost::json::object payload{
        {"user", {{"id", to_string(user_id)}}},
        {"guild_id", to_string(guild.id)},
        {"status", status},
        {"activities", activities},
        {"client_status",
         status == "offline" ? boost::json::object{} : boost::json::object{{"web", status}}}};
    context_.bus.publish({"PRESENCE_UPDATE", std::move(payload), Audience::guild(guild.id), std::nullopt,
                          intent::guild_presences});
  }
}

}  // namespace accord
