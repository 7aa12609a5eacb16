#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"

namespace accord {

namespace command_type {
inline constexpr std::int64_t chat_input = 1;
inline constexpr std::int64_t user = 2;
inline constexpr std::int64_t message = 3;
}  // namespace command_type

// A slash command or context-menu entry of an application, global or for one guild. `body` holds
// the validated fields the client sent (description, options, localizations, permissions...).
struct ApplicationCommand {
  Snowflake id = 0;
  Snowflake application_id = 0;
  std::optional<Snowflake> guild_id;
  std::int64_t type = command_type::chat_input;
  std::string name;
  boost::json::object body;
  Snowflake version = 0;
};

boost::json::object application_command_json(const ApplicationCommand& command);

}  // namespace accord
