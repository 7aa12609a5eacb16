#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"

namespace accord {

// What a person's clients keep on the server: settings (theme, locale, status, guild folders...),
// per-guild notification settings, and private notes about other users. Every change reaches the
// person's other sessions.
class UserSettingsService {
 public:
  UserSettingsService(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  boost::json::object settings(Snowflake user_id);
  boost::json::object modify_settings(const Caller& caller, const boost::json::value& body);

  // READY.user_guild_settings.entries, and PATCH /users/@me/guilds/:id/settings.
  boost::json::array guild_settings(Snowflake user_id);
  boost::json::object modify_guild_settings(const Caller& caller, Snowflake guild_id,
                                            const boost::json::value& body);

  boost::json::object note(const Caller& caller, Snowflake target_id);
  void set_note(const Caller& caller, Snowflake target_id, const boost::json::value& body);

 private:
  ServiceContext& context_;
  Access& access_;
};

}  // namespace accord
