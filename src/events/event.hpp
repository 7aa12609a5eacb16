#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/snowflake.hpp"

namespace accord {

// Who an event is for. Gateway sessions subscribe to the audiences they belong to: themselves,
// each guild they are in, each private channel they are in.
struct Audience {
  // voice_servers: the voice server of every node (never a gateway session), told of voice grants.
  enum class Kind : std::uint8_t { user, guild, channel, voice_servers };
  Kind kind;
  Snowflake id;

  static Audience user(Snowflake id) { return {Kind::user, id}; }
  static Audience guild(Snowflake id) { return {Kind::guild, id}; }
  static Audience channel(Snowflake id) { return {Kind::channel, id}; }
  static Audience voice_servers() { return {Kind::voice_servers, 0}; }

  bool operator==(const Audience&) const = default;
};

// The serialized forms of an event's payload, made once by the first session that needs each and
// shared by every other: fan-out must not serialize per subscriber.
struct EventEncodings {
  std::once_flag full_once;
  std::shared_ptr<const std::string> full;
  std::once_flag without_content_once;
  std::shared_ptr<const std::string> without_content;  // MESSAGE_* for bots without MESSAGE_CONTENT
};

// A dispatch as the gateway will send it: `name` is the `t` field, `payload` the `d` field.
struct Event {
  std::string name;
  boost::json::value payload;
  Audience audience;
  // Only sessions that can view this channel receive the event (guild audiences).
  std::optional<Snowflake> channel_id = std::nullopt;
  // The gateway intent a session must have asked for; 0 = always sent.
  std::uint64_t intent = 0;
  // A guild permission the session's user must hold (audit entries need VIEW_AUDIT_LOG); 0 = none.
  std::uint64_t required_permission = 0;
  std::shared_ptr<EventEncodings> encodings = std::make_shared<EventEncodings>();
  // For one gateway session of the user only (VOICE_SERVER_UPDATE goes to the session that joined,
  // not to the user's other devices); empty = every session of the audience.
  std::string session_id = {};
  // Where the event sits in the cluster's shared event log (JetStream's stream sequence), in the
  // order every node sees; 0 for an event of a single-process bus, which keeps no log.
  std::uint64_t log_position = 0;
};

// Not a dispatch: tells the user's gateway sessions to send op 7 RECONNECT.
inline constexpr std::string_view gateway_reconnect_event = "GATEWAY_RECONNECT";
// Not a dispatch, addressed by session_id: another node of the cluster took over this gateway session
// ({instance} of the new copy); the copy this node still holds steps aside without taking presence or
// voice with it.
inline constexpr std::string_view gateway_session_moved_event = "GATEWAY_SESSION_MOVED";

// Gateway intents (bits), the ones the services tag events with.
namespace intent {
inline constexpr std::uint64_t guilds = 1 << 0;
inline constexpr std::uint64_t guild_members = 1 << 1;
inline constexpr std::uint64_t guild_moderation = 1 << 2;
inline constexpr std::uint64_t guild_expressions = 1 << 3;
inline constexpr std::uint64_t guild_webhooks = 1 << 5;
inline constexpr std::uint64_t guild_invites = 1 << 6;
inline constexpr std::uint64_t guild_voice_states = 1 << 7;
inline constexpr std::uint64_t guild_presences = 1 << 8;
inline constexpr std::uint64_t guild_messages = 1 << 9;
inline constexpr std::uint64_t guild_message_reactions = 1 << 10;
inline constexpr std::uint64_t guild_message_typing = 1 << 11;
inline constexpr std::uint64_t direct_messages = 1 << 12;
inline constexpr std::uint64_t message_content = 1 << 15;
}  // namespace intent

}  // namespace accord

template <>
struct std::hash<accord::Audience> {
  std::size_t operator()(const accord::Audience& audience) const noexcept {
    return std::hash<std::uint64_t>{}(audience.id) ^ (static_cast<std::size_t>(audience.kind) << 61);
  }
};
