#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/media.hpp"
#include "services/relationships.hpp"

namespace accord {

// DMs (two people, found again rather than made twice) and group DMs (up to ten friends, with an
// owner who names the group and may remove people).
class PrivateChannelService {
 public:
  PrivateChannelService(ServiceContext& context, RelationshipService& relationships, MediaService& media)
      : context_(context), relationships_(relationships), media_(media) {}

  // POST /users/@me/channels: {recipient_id} opens the DM; {recipients: [...]} makes a group DM.
  boost::json::object open(const Caller& caller, const boost::json::value& body);
  boost::json::array list(const Caller& caller);
  // PATCH /channels/:id of a group DM: its name and icon (a data URI, or null).
  boost::json::object modify(const Caller& caller, Snowflake channel_id, const boost::json::value& body);
  // DELETE /channels/:id: closes a DM for the caller, or leaves a group DM.
  boost::json::object close(const Caller& caller, Snowflake channel_id);
  void add_recipient(const Caller& caller, Snowflake channel_id, Snowflake user_id);
  void remove_recipient(const Caller& caller, Snowflake channel_id, Snowflake user_id);

  // /channels/:id routes for a DM or group DM; nothing when the channel is not a private one.
  std::optional<boost::json::object> get_if_private(const Caller& caller, Snowflake channel_id);
  std::optional<boost::json::object> modify_if_private(const Caller& caller, Snowflake channel_id,
                                                       const boost::json::value& body);
  std::optional<boost::json::object> close_if_private(const Caller& caller, Snowflake channel_id);

  // The channel as `viewer` sees it (the other recipients).
  boost::json::object to_json(const Channel& channel, Snowflake viewer);
  // A private channel the user is in: 10003 when unknown, 50001 when not theirs.
  Channel require_recipient(Snowflake channel_id, Snowflake user_id);

 private:
  Channel require_group(const Caller& caller, Snowflake channel_id);
  bool is_private_channel(Snowflake channel_id);
  // A system message in the group: RECIPIENT_ADD 1, RECIPIENT_REMOVE 2, CHANNEL_NAME_CHANGE 4,
  // CHANNEL_ICON_CHANGE 5.
  void post_system_message(const Channel& channel, Snowflake author_id, std::int64_t type,
                           const std::string& content, const std::vector<Snowflake>& mentions);
  void tell_recipients(const char* event_name, const Channel& channel);

  ServiceContext& context_;
  RelationshipService& relationships_;
  MediaService& media_;
};

}  // namespace accord
