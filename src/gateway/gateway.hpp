#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "gateway/session.hpp"
#include "services/private_channels.hpp"
#include "services/session_starts.hpp"
#include "services/sessions.hpp"
#include "services/user_settings.hpp"

namespace accord::gateway {

// A reason to close the socket with a gateway close code.
struct CloseError : std::runtime_error {
  CloseError(unsigned short close_code, const std::string& reason)
      : std::runtime_error(reason), code(close_code) {}
  unsigned short code;
};

// A session and which attachment of it is the caller's connection.
struct Attached {
  std::shared_ptr<Session> session;
  std::uint64_t attachment = 0;
};

// The gateway's state apart from sockets: identifying, resuming, and the sessions kept for resume.
class Gateway {
 public:
  Gateway(ServiceContext& context, SessionService& sessions, GuildService& guilds, Access& access,
          PresenceService& presence, VoiceStateService& voice, SessionStartBudget& starts,
          RelationshipService& relationships, PrivateChannelService& private_channels,
          UserSettingsService& user_settings);

  // IDENTIFY: checks the token and intents, then dispatches READY and one GUILD_CREATE per guild
  // through `sink`. Blocking (database): run it on the blocking pool. Throws CloseError.
  Attached identify(const boost::json::value& data, Session::Sink sink, const std::string& resume_url);
  // RESUME: replays what was missed and dispatches RESUMED; no session when it cannot be resumed.
  Attached resume(const boost::json::value& data, Session::Sink sink);
  // op 8: answers with GUILD_MEMBERS_CHUNK dispatches on the session. Blocking. Throws CloseError.
  void request_members(Session& session, const boost::json::value& data);
  // op 3 and op 4. Blocking. Bad voice requests are ignored, as a client cannot be told otherwise.
  void update_presence(Session& session, const boost::json::value& data);
  void update_voice_state(Session& session, const boost::json::value& data);
  // The connection is gone; the session waits the resume window for a RESUME.
  void release(const std::shared_ptr<Session>& session, std::uint64_t attachment);
  // The client is closing with 1000/1001: from now on the session cannot be resumed. Cheap (no
  // database), for the io thread; end() follows.
  void forget(const std::shared_ptr<Session>& session, std::uint64_t attachment);
  // The client closed with 1000/1001: the session is over and cannot be resumed.
  void end(const std::shared_ptr<Session>& session, std::uint64_t attachment);
  // A session is over for good: stop it, and take its presence and voice state with it.
  void finish(const std::shared_ptr<Session>& session);
  // Drops sessions left unresumed past the window.
  void expire();

  std::size_t session_count() const;

 private:
  boost::json::array read_state_entries(Snowflake user_id);
  // A RESUME for a session another node of the cluster served (and perhaps died with).
  Attached take_over(const std::string& session_id, const Caller& caller, std::int64_t seq,
                     Session::Sink& sink);
  std::string new_session_id(const Session::Identity& identity) const;
  std::shared_ptr<Session> new_session(const Session::Identity& identity);
  // The user's guilds this session's shard serves: READY's list, and what a taken-over session follows.
  std::vector<Snowflake> followed_guild_ids(const Session& session);
  // The guilds and private channels a session follows, as at IDENTIFY.
  void follow_everything(Session& session);

  ServiceContext& context_;
  SessionService& sessions_;
  GuildService& guilds_;
  Access& access_;
  PresenceService& presence_;
  VoiceStateService& voice_;
  SessionStartBudget& starts_;
  RelationshipService& relationships_;
  PrivateChannelService& private_channels_;
  UserSettingsService& user_settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Session>, std::less<>> by_id_;
};

// Where clients open the gateway: the configured public URL, else the Host they reached us by. A
// Host without a port (eris sends one) gets the port the request actually arrived on.
std::string public_gateway_url(const Config& config, std::string_view host, std::uint16_t local_port);

// Strips an optional "Bot " prefix: eris and oceanic.js send it in IDENTIFY.
std::string_view bare_token(std::string_view token);

}  // namespace accord::gateway
