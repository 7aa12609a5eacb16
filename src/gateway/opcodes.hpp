#pragma once

namespace accord::gateway {

namespace op {
inline constexpr int dispatch = 0;
inline constexpr int heartbeat = 1;
inline constexpr int identify = 2;
inline constexpr int presence_update = 3;
inline constexpr int voice_state_update = 4;
inline constexpr int resume = 6;
inline constexpr int reconnect = 7;
inline constexpr int request_guild_members = 8;
inline constexpr int invalid_session = 9;
inline constexpr int hello = 10;
inline constexpr int heartbeat_ack = 11;
}  // namespace op

// Close codes: 4000–4009 may be resumed; the rest end the session for good.
namespace close_code {
inline constexpr unsigned short unknown_error = 4000;
inline constexpr unsigned short unknown_opcode = 4001;
inline constexpr unsigned short decode_error = 4002;
inline constexpr unsigned short not_authenticated = 4003;
inline constexpr unsigned short authentication_failed = 4004;
inline constexpr unsigned short already_authenticated = 4005;
inline constexpr unsigned short invalid_seq = 4007;
inline constexpr unsigned short rate_limited = 4008;
inline constexpr unsigned short session_timed_out = 4009;
inline constexpr unsigned short invalid_shard = 4010;
inline constexpr unsigned short sharding_required = 4011;
inline constexpr unsigned short invalid_api_version = 4012;
inline constexpr unsigned short invalid_intents = 4013;
inline constexpr unsigned short disallowed_intents = 4014;
}  // namespace close_code

}  // namespace accord::gateway
