#pragma once

#include <chrono>
#include <map>
#include <memory>

#include "voice/dave_group.hpp"
#include "voice/voice_sessions.hpp"

namespace accord::voice {

// The DAVE delivery service of the whole voice server: one external-sender key (made at startup;
// clients only need it to stay the same for a group's life) and one DaveGroup per voice channel
// with members, delivering each group's messages to the members' sessions. Voice thread only.
class DaveService {
 public:
  explicit DaveService(VoiceSessions& sessions) : sessions_(sessions) {}

  // See DaveGroup; `dave_allowed` (voice.dave) is read when a call starts.
  int join(const VoiceSession& session, bool dave_allowed);
  void connected(const VoiceSession& session);
  void leave(Snowflake channel_id, Snowflake user_id);
  int version(Snowflake channel_id) const;
  // A client's DAVE message: op 23 or 31 (JSON, `transition_id`), or a binary frame (26, 28).
  void handle_json(const VoiceSession& session, int op, std::int64_t transition_id);
  void handle_binary(const VoiceSession& session, int op, mls::ByteView payload);
  void tick();

  DaveGroup* group(Snowflake channel_id);

 private:
  struct Channel : DaveOutbox {
    Channel(VoiceSessions& sessions_, Snowflake channel_id_, const mls::SigningKey& key, bool dave_allowed)
        : sessions(sessions_), channel_id(channel_id_), group(channel_id_, key, *this, dave_allowed) {}
    void send_json(Snowflake user_id, int op, const std::string& d_json) override;
    void send_binary(Snowflake user_id, int op, const mls::Bytes& payload) override;
    VoiceSession* member(Snowflake user_id) const;

    VoiceSessions& sessions;
    Snowflake channel_id;
    DaveGroup group;
  };

  VoiceSessions& sessions_;
  mls::SigningKey key_;
  std::map<Snowflake, std::unique_ptr<Channel>> channels_;
};

}  // namespace accord::voice
