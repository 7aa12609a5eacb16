#include "model/application_command.hpp"

namespace accord {

boost::json::object application_command_json(const ApplicationCommand& command) {
  auto json = command.body;
  json["id"] = to_string(command.id);
  json["application_id"] = to_string(command.application_id);
  json["type"] = command.type;
  json["name"] = command.name;
  json["version"] = to_string(command.version);
  if (command.guild_id) json["guild_id"] = to_string(*command.guild_id);
  return json;
}

}  // namespace accord
