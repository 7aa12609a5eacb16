#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/live_config.hpp"
#include "services/voice_states.hpp"
#include "voice/dave_service.hpp"
#include "voice/voice_sessions.hpp"

namespace accord::voice {

// Voice gateway close codes (discord.md §7.3). @discordjs/voice resumes only after 4015 or codes
// below 4000; everything else ends its connection.
namespace voice_close {
inline constexpr unsigned short unknown_opcode = 4001;
inline constexpr unsigned short decode_error = 4002;
inline constexpr unsigned short not_authenticated = 4003;
inline constexpr unsigned short authentication_failed = 4004;
inline constexpr unsigned short already_authenticated = 4005;
inline constexpr unsigned short session_invalid = 4006;
inline constexpr unsigned short session_timeout = 4009;
inline constexpr unsigned short unknown_protocol = 4012;
inline constexpr unsigned short disconnected = 4014;
inline constexpr unsigned short unknown_encryption_mode = 4016;
inline constexpr unsigned short bad_request = 4020;
}  // namespace voice_close

// What every voice gateway connection shares. Lives on the voice thread.
struct VoiceContext {
  const LiveConfig& config;
  VoiceStateService& voice_states;
  VoiceSessions& sessions;
  DaveService& dave;
  std::string udp_ip;  // READY's ip: IPv4, where clients send media
  std::uint16_t udp_port = 0;
};

// Serves one voice gateway WebSocket (already TLS-wrapped, handshake not yet done) until it closes.
boost::asio::awaitable<void> serve_voice_connection(
    VoiceContext& context, boost::asio::ssl::stream<boost::beast::tcp_stream> stream);

// Ends a voice session: its channel hears op 13 CLIENT_DISCONNECT, and its connection, if it still
// has one, is closed with `code` (0: leave the connection alone, it is going anyway).
void end_voice_session(VoiceContext& context, Snowflake guild_id, Snowflake user_id, unsigned short code,
                       const std::string& reason);

// The offered transport modes, from voice.modes (unknown names skipped; both when none is left).
std::vector<EncryptionMode> offered_modes(const Config& config);

}  // namespace accord::voice
