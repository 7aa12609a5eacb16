#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"

namespace accord {

namespace interaction_type {
inline constexpr std::int64_t ping = 1;
inline constexpr std::int64_t application_command = 2;
inline constexpr std::int64_t message_component = 3;
inline constexpr std::int64_t autocomplete = 4;
inline constexpr std::int64_t modal_submit = 5;
}  // namespace interaction_type

namespace callback_type {
inline constexpr std::int64_t pong = 1;
inline constexpr std::int64_t channel_message = 4;
inline constexpr std::int64_t deferred_channel_message = 5;
inline constexpr std::int64_t deferred_update_message = 6;
inline constexpr std::int64_t update_message = 7;
inline constexpr std::int64_t autocomplete_result = 8;
inline constexpr std::int64_t modal = 9;
}  // namespace callback_type

// What the server remembers of an interaction while its token lives: who invoked what where, and
// how the application has answered so far.
struct Interaction {
  Snowflake id = 0;
  Snowflake application_id = 0;
  std::string token;
  std::int64_t type = 0;
  Snowflake user_id = 0;
  std::optional<Snowflake> guild_id;
  Snowflake channel_id = 0;
  std::optional<Snowflake> message_id;  // the message whose component was used
  std::string name;                     // the command's name
  std::int64_t command_type = 0;
  std::optional<std::string> nonce;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> response_type;     // the callback's type, once answered
  std::optional<Snowflake> original_message_id;  // what @original names
  bool ephemeral = false;
  std::optional<std::string> modal_custom_id;  // the modal shown, which a type 5 may answer
  bool failed = false;                         // not answered in time; the user was told
  std::int64_t followups = 0;
};

}  // namespace accord
