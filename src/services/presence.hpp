#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "services/context.hpp"

namespace accord {

// Who is online, as their gateway sessions say (op 2's presence, op 3). Kept in memory: presence
// is as live as the sessions that carry it. Peers in shared guilds and friends hear PRESENCE_UPDATE;
// strangers hear nothing.
class PresenceService {
 public:
  explicit PresenceService(ServiceContext& context) : context_(context) {}

  // A session's presence changed (or it connected): status online|idle|dnd|invisible.
  void update(Snowflake user_id, const std::string& session_id, std::string status,
              boost::json::array activities);
  // The session is gone; when it was the user's last, they go offline.
  void remove(Snowflake user_id, const std::string& session_id);

  // What others see: invisible shows as offline; nullopt when offline.
  std::optional<boost::json::object> visible_presence(Snowflake user_id, Snowflake guild_id) const;
  // READY.presences: the user's friends who are online, as they show themselves.
  boost::json::array friend_presences(Snowflake user_id) const;

 private:
  struct SessionPresence {
    std::string status;
    boost::json::array activities;
  };
  void publish(Snowflake user_id, const std::string& status, const boost::json::array& activities);
  // The user's effective presence: the most recent session's (Discord merges per client; we keep one).
  std::pair<std::string, boost::json::array> effective(Snowflake user_id) const;

  ServiceContext& context_;
  mutable std::mutex mutex_;
  std::unordered_map<Snowflake, std::map<std::string, SessionPresence>> sessions_;
  std::unordered_map<Snowflake, std::string> last_session_;
};

}  // namespace accord
