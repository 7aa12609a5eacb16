#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/snowflake.hpp"
#include "services/voice_states.hpp"
#include "voice/transport_crypto.hpp"

namespace accord::voice {

// Where a client's UDP packets come from (and where its media goes): IPv4, as @discordjs/voice's
// socket is udp4.
struct UdpPeer {
  std::uint32_t address = 0;
  std::uint16_t port = 0;
  bool operator==(const UdpPeer&) const = default;
};

// The voice gateway connection a session is attached to, seen from the session.
class VoiceClient {
 public:
  virtual ~VoiceClient() = default;
  virtual void send_text(std::string text) = 0;
  virtual void send_binary(std::string bytes) = 0;  // DAVE's MLS frames
  virtual void close(unsigned short code, std::string reason) = 0;
  // The session is over or taken by another connection: forget it (it may be freed next).
  virtual void session_gone() = 0;
};

// A video stream a client asked for in IDENTIFY (`streams`), with the SSRCs the server gave it in
// READY. A client sends camera (or screen) RTP as `ssrc` and retransmissions (RFC 4588) as `rtx_ssrc`.
struct VideoStream {
  std::string type;  // "video" (camera) or "screen"
  std::string rid;   // the simulcast layer, e.g. "100" full size, "50" half
  std::int64_t quality = 0;
  std::uint32_t ssrc = 0;
  std::uint32_t rtx_ssrc = 0;
  VideoStream(std::string type_, std::string rid_, std::int64_t quality_)
      : type(std::move(type_)), rid(std::move(rid_)), quality(quality_) {}
};

// At most this many streams per connection (Discord's clients ask for one or two simulcast layers).
inline constexpr std::size_t max_video_streams = 4;

// One user's voice connection in one guild, from IDENTIFY until it leaves or its resume window ends.
// It outlives a dropped WebSocket (client == nullptr) so that RESUME can pick it up.
struct VoiceSession {
  Snowflake guild_id = 0;
  Snowflake user_id = 0;
  std::string session_id;  // the main gateway session that joined
  std::string token;
  std::uint32_t ssrc = 0;            // audio
  std::vector<VideoStream> streams;  // video: SSRCs assigned at IDENTIFY
  std::string video_json;            // the last op 12 it sent, as relayed to the others
  bool video_active = false;         // that op 12 announced video: late joiners get it
  VoiceGrant grant;
  std::int64_t speaking = 0;
  int version = 8;
  int max_dave_version = 0;                 // IDENTIFY's max_dave_protocol_version
  std::optional<UdpPeer> udp;               // learned from IP discovery (or SELECT_PROTOCOL)
  std::unique_ptr<TransportCipher> cipher;  // set by SELECT_PROTOCOL: the session is then connected
  VoiceClient* client = nullptr;
  std::chrono::steady_clock::time_point detached_at{};
  // v8 buffered resume: numbered messages kept until the client acknowledges them (seq_ack).
  std::int64_t seq = 0;
  struct Numbered {
    std::int64_t seq = 0;
    std::string data;
    bool binary = false;
    Numbered(std::int64_t seq_, std::string data_, bool binary_)
        : seq(seq_), data(std::move(data_)), binary(binary_) {}
  };
  std::deque<Numbered> unacknowledged;

  bool connected() const { return cipher != nullptr; }
  bool is_audio(std::uint32_t media_ssrc) const { return media_ssrc == ssrc; }
  // One of the SSRCs READY gave this session for video (a stream's or its retransmissions').
  bool owns_video_ssrc(std::uint32_t media_ssrc) const;
  Snowflake channel_id() const { return grant.channel_id; }

  // Sends op `op` with data `d_json`, numbered for v8 clients and kept for a RESUME.
  void send(int op, const std::string& d_json);
  // Sends a binary DAVE frame: u16 BE seq ‖ u8 op ‖ payload, numbered in the same sequence.
  void send_binary(int op, std::span<const std::uint8_t> payload);
  void acknowledge(std::int64_t seq_ack);
};

// Every voice session of this server, by user, by SSRC and by channel. Used on the voice thread only.
class VoiceSessions {
 public:
  VoiceSessions();

  // A new session for (guild, user) in the grant's channel (a session never changes channel: a
  // move comes with a new token, so a new session). One that user already had there is returned in
  // `replaced`.
  VoiceSession& add(Snowflake guild_id, Snowflake user_id, const VoiceGrant& grant,
                    std::unique_ptr<VoiceSession>& replaced);
  std::unique_ptr<VoiceSession> remove(Snowflake guild_id, Snowflake user_id);

  // Gives each requested stream an SSRC and an RTX SSRC, unique on this server like audio SSRCs
  // (at most max_video_streams; the rest are ignored).
  void add_streams(VoiceSession& session, std::vector<VideoStream> requested);

  VoiceSession* find(Snowflake guild_id, Snowflake user_id);
  // The session that owns an SSRC, audio or video.
  VoiceSession* by_ssrc(std::uint32_t ssrc);
  // Everyone in the channel, the session itself included: the SFU's fan-out list.
  const std::vector<VoiceSession*>& channel(Snowflake channel_id) const;
  // Everyone else in the session's channel.
  std::vector<VoiceSession*> peers(const VoiceSession& session) const;
  std::vector<VoiceSession*> all();
  // Readable from any thread (for /metrics).
  std::size_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  struct Key {
    Snowflake guild_id;
    Snowflake user_id;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept { return key.guild_id * 31 ^ key.user_id; }
  };
  std::uint32_t next_ssrc();

  std::unordered_map<Key, std::unique_ptr<VoiceSession>, KeyHash> sessions_;
  std::unordered_map<std::uint32_t, VoiceSession*> by_ssrc_;
  std::unordered_map<Snowflake, std::vector<VoiceSession*>> by_channel_;
  std::uint32_t last_ssrc_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace accord::voice
