#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <mutex>
#include <string>
#include <unordered_map>

#include "services/access.hpp"

namespace accord {

// Who is in which voice channel, from gateway op 4. In memory: a voice state lives as long as the
// session that made it. The voice server itself (VOICE_SERVER_UPDATE, media) comes with voice.
class VoiceStateService {
 public:
  VoiceStateService(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  // op 4 from a session: join, move, leave (channel_id null), self mute/deaf. Throws ApiError when
  // the channel is not a voice channel of that guild or the user may not connect to it.
  void update(Snowflake user_id, const std::string& session_id, const boost::json::value& data);
  // The session ended: leaves any channel it was in.
  void session_ended(Snowflake user_id, const std::string& session_id);

  boost::json::array guild_states(Snowflake guild_id) const;

 private:
  struct State {
    Snowflake channel_id;
    std::string session_id;
    bool self_mute = false;
    bool self_deaf = false;
  };
  void publish(Snowflake guild_id, Snowflake user_id, const State* state);
  static boost::json::object state_json(Snowflake guild_id, Snowflake user_id, const State& state);

  ServiceContext& context_;
  Access& access_;
  mutable std::mutex mutex_;
  std::unordered_map<Snowflake, std::unordered_map<Snowflake, State>> by_guild_;
};

}  // namespace accord
