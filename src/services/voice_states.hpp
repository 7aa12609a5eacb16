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

#include "events/event_bus.hpp"
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
//
// Every voice state also goes out as a VOICE_GRANT event on the bus (audience voice_servers), and
// every node keeps what it hears: a view of all voice states of the cluster. From it come the
// voice states of GUILD_CREATE, the count against `user_limit`, and the token check of the voice
// server, which may be asked by a member whose gateway is on another node: in a cluster each voice
// channel's call is hosted by one node (Store::place_voice_channel). A node starting asks the others
// for their states (VOICE_STATES_WANTED); the states of a node that stopped beating are ended by
// the first node to notice.
class VoiceStateService {
 public:
  VoiceStateService(ServiceContext& context, Access& access);

  // The voice server is up at `endpoint` ("host:port", as clients want it) and wants to hear of
  // changes. Without it, joins still produce VOICE_STATE_UPDATE but no VOICE_SERVER_UPDATE.
  void set_voice_server(std::string endpoint, std::function<void(const VoiceChange&)> on_change);
  // In a cluster: this node's voice server is still alive (every few seconds), and the voice states
  // of nodes that went silent end. Blocking.
  void announce_voice_server();
  // In a cluster a grant arrives through the shared bus, possibly a moment after its token reached
  // the client: the voice gateway then waits a little before refusing one.
  bool grants_arrive_late() const { return context_.bus.keeps_log(); }

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
  // A voice state as the cluster knows it, and the node whose gateway session holds it.
  struct Shared {
    State state;
    std::int64_t node = 0;
  };
  static VoiceGrant grant_of(const State& state);
  void publish(Snowflake guild_id, Snowflake user_id, const State* state);
  void tell_voice_servers(Snowflake guild_id, Snowflake user_id, const State* state);
  void on_voice_grant(const Event& event);
  void on_states_wanted(const Event& event);
  void end_states_of_node(std::int64_t node);
  // Where the call in `channel_id` is served: this node's voice server, or in a cluster the node
  // hosting that channel.
  std::string voice_endpoint_for(Snowflake channel_id, const std::string& own_endpoint);
  static boost::json::object state_json(Snowflake guild_id, Snowflake user_id, const State& state);

  ServiceContext& context_;
  Access& access_;
  mutable std::mutex mutex_;
  std::unordered_map<Snowflake, std::unordered_map<Snowflake, State>> by_guild_;
  std::string endpoint_;
  std::function<void(const VoiceChange&)> on_change_;
  // Every voice state in the cluster (guild → user), as VOICE_GRANT events told this node.
  std::unordered_map<Snowflake, std::unordered_map<Snowflake, Shared>> grants_;
  Subscription grant_events_;  // last: its handler uses everything above
};

}  // namespace accord
