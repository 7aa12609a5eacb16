#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/form.hpp"
#include "services/access.hpp"

namespace accord {

// Slash commands and context-menu entries, managed by the application's bot (or its owner), global
// or per guild. What members may invoke is decided by InteractionService.
class ApplicationCommandService {
 public:
  ApplicationCommandService(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  // `guild_id` empty = global commands.
  boost::json::array list(const Caller& caller, Snowflake application_id, std::optional<Snowflake> guild_id);
  // Creates, or replaces the command of the same name and type; `created` says which (201 or 200).
  boost::json::object create(const Caller& caller, Snowflake application_id,
                             std::optional<Snowflake> guild_id, const boost::json::value& body,
                             bool& created);
  boost::json::object get(const Caller& caller, Snowflake application_id, std::optional<Snowflake> guild_id,
                          Snowflake command_id);
  boost::json::object modify(const Caller& caller, Snowflake application_id,
                             std::optional<Snowflake> guild_id, Snowflake command_id,
                             const boost::json::value& body);
  void remove(const Caller& caller, Snowflake application_id, std::optional<Snowflake> guild_id,
              Snowflake command_id);
  // PUT: the list becomes exactly `body`; commands keep their ids by name and type.
  boost::json::array overwrite(const Caller& caller, Snowflake application_id,
                               std::optional<Snowflake> guild_id, const boost::json::value& body);

  // GET /guilds/:id/application-command-index: what a member can find in the guild's command picker.
  boost::json::object guild_index(const Caller& caller, Snowflake guild_id);

 private:
  // The caller must be the application's bot or owner (403 50001 otherwise); guild commands need
  // the bot in the guild.
  Application require_manager(const Caller& caller, Snowflake application_id,
                              std::optional<Snowflake> guild_id);
  ApplicationCommand require_command(Snowflake application_id, std::optional<Snowflake> guild_id,
                                     Snowflake command_id);
  // Validates a whole command (50035 naming fields under `path`), keeping `id` and stamping a version.
  ApplicationCommand read_command(const boost::json::value& body, FormErrors& errors,
                                  const std::vector<std::string>& path);

  ServiceContext& context_;
  Access& access_;
};

}  // namespace accord
