#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/context.hpp"
#include "services/media.hpp"
#include "services/presence.hpp"
#include "services/voice_states.hpp"

namespace accord {

class GuildService {
 public:
  GuildService(ServiceContext& context, Access& access, PresenceService& presence, VoiceStateService& voice,
               MediaService& media, AuditLog& audit_log)
      : context_(context),
        access_(access),
        presence_(presence),
        voice_(voice),
        media_(media),
        audit_log_(audit_log) {}

  // Creates a guild as Discord does: @everyone, a text and a voice category with #general and General.
  boost::json::object create(const Caller& caller, const boost::json::value& body);
  boost::json::object get(const Caller& caller, Snowflake guild_id, bool with_counts);
  boost::json::object modify(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  void remove(const Caller& caller, Snowflake guild_id);
  boost::json::array list_mine(const Caller& caller, std::optional<Snowflake> before,
                               std::optional<Snowflake> after, std::int64_t limit, bool with_counts);
  void leave(const Caller& caller, Snowflake guild_id);

  // The GUILD_CREATE payload a gateway session gets for a guild it is in, filtered for that user.
  boost::json::object snapshot(Snowflake guild_id, Snowflake user_id);

 private:
  void add_expressions(boost::json::object& json, Snowflake guild_id);
  ServiceContext& context_;
  Access& access_;
  PresenceService& presence_;
  VoiceStateService& voice_;
  MediaService& media_;
  AuditLog& audit_log_;
};

}  // namespace accord
