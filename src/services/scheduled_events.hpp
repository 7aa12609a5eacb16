#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"
#include "services/audit_log.hpp"

namespace accord {

// Whether a member sees an event: always, unless it is held in a channel they cannot view.
bool event_visible_to(Store& store, const Membership& membership, const ScheduledEvent& event);

// Guild scheduled events: planned by members with CREATE_EVENTS, managed by their creator or
// MANAGE_EVENTS, and followed by interested members.
class ScheduledEventService {
 public:
  ScheduledEventService(ServiceContext& context, Access& access, AuditLog& audit_log)
      : context_(context), access_(access), audit_log_(audit_log) {}

  boost::json::array list(const Caller& caller, Snowflake guild_id, bool with_user_count);
  boost::json::object get(const Caller& caller, Snowflake guild_id, Snowflake event_id, bool with_user_count);
  boost::json::object create(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  boost::json::object modify(const Caller& caller, Snowflake guild_id, Snowflake event_id,
                             const boost::json::value& body);
  void remove(const Caller& caller, Snowflake guild_id, Snowflake event_id);
  boost::json::array users(const Caller& caller, Snowflake guild_id, Snowflake event_id, Snowflake after,
                           std::optional<Snowflake> before, std::int64_t limit, bool with_member);
  // PUT/DELETE .../users/@me: the caller is (no longer) interested.
  void set_interest(const Caller& caller, Snowflake guild_id, Snowflake event_id, bool interested);

 private:
  // The event, if the member may see it (10070 otherwise: unknown, or in a channel they cannot view).
  ScheduledEvent require_visible(const Membership& membership, Snowflake guild_id, Snowflake event_id);
  void require_manager(const Membership& membership, const ScheduledEvent& event);
  void read_fields(const boost::json::value& body, ScheduledEvent& event, const Membership& membership,
                   bool creating);
  boost::json::object to_json(const ScheduledEvent& event, bool with_user_count);
  void publish(const char* event_name, const ScheduledEvent& event);

  ServiceContext& context_;
  Access& access_;
  AuditLog& audit_log_;
};

}  // namespace accord
