#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "services/access.hpp"

namespace accord {

// What the voice server may let a voice connection do: the channel its token was issued for and
// whether the server mutes (no SPEAK, or a server-muted member) or deafens it.
struct VoiceGrant {
  Snowflake channel_id = 0;
  bool mute = false;
  bool deaf = false;
  bool self_deaf = false;
  bool video = true;  // STREAM ("Video") in the channel: camera and screen media are forwarded
};

// A voice state changed; channel_id 0 means the user left. The voice server closes connections
// whose token no longer matches and applies mute and deafen to the others.
struct VoiceChange {
  Snowflake guild_id = 0;
  Snowflake user_id = 0;
  std::string token;  // empty when left
  VoiceGrant grant;
};

// Who is in which voice channel, from gateway op 4. In memory: a voice state lives as long as the
// session that made it. Joining or moving issues a fresh voice token, sent to the user in
// VOICE_SERVER_UPDATE with the voice server's endpoint; the voice gateway checks it with grant().
class VoiceStateService {
 public:
  VoiceStateService(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  // The voice server is up at `endpoint` ("host:port", as clients want it) and wants to hear of
  // changes. Without it, joins still produce VOICE_STATE_UPDATE but no VOICE_SERVER_UPDATE.
  void set_voice_server(std::string endpoint, std::function<void(const VoiceChange&)> on_change);

  // op 4 from a session: join, move, leave (channel_id null), self mute/deaf. Throws ApiError when
  // the channel is not a voice channel of that guild or the user may not connect to it.
  void update(Snowflake user_id, const std::string& session_id, const boost::json::value& data);
  // The session ended: leaves any channel it was in.
  void session_ended(Snowflake user_id, const std::string& session_id);

  // The voice gateway's IDENTIFY/RESUME check: the grant when `token` is the one last issued to
  // this user and main-gateway session in this guild.
  std::optional<VoiceGrant> grant(Snowflake guild_id, Snowflake user_id, std::string_view session_id,
                                  std::string_view token) const;

  boost::json::array guild_states(Snowflake guild_id) const;

 private:
  struct State {
    Snowflake channel_id = 0;
    std::string session_id = {};
    bool self_mute = false;
    bool self_deaf = false;
    bool mute = false;  // server mute: a muted member, or no SPEAK in this channel
    bool deaf = false;
    std::string token = {};
    bool video = true;  // STREAM in this channel
  };
  void publish(Snowflake guild_id, Snowflake user_id, const State* state);
  void tell_voice_server(Snowflake guild_id, Snowflake user_id, const State* state);
  static boost::json::object state_json(Snowflake guild_id, Snowflake user_id, const State& state);

  ServiceContext& context_;
  Access& access_;
  mutable std::mutex mutex_;
  std::unordered_map<Snowflake, std::unordered_map<Snowflake, State>> by_guild_;
  std::string endpoint_;
  std::function<void(const VoiceChange&)> on_change_;
};

}  // namespace accord
