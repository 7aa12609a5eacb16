#pragma once

#include <boost/json/array.hpp>
#include <string>

#include "services/access.hpp"
#include "services/messages.hpp"

namespace accord {

class ReactionService {
 public:
  ReactionService(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  void add(const Caller& caller, Snowflake channel_id, Snowflake message_id, const std::string& emoji);
  void remove_own(const Caller& caller, Snowflake channel_id, Snowflake message_id, const std::string& emoji);
  void remove_user(const Caller& caller, Snowflake channel_id, Snowflake message_id, const std::string& emoji,
                   Snowflake user_id);
  void remove_all(const Caller& caller, Snowflake channel_id, Snowflake message_id);
  void remove_emoji(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                    const std::string& emoji);
  boost::json::array users(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                           const std::string& emoji, Snowflake after, std::int64_t limit);

 private:
  // The channel must be readable and the message must be in it.
  Access::ChannelAccess message_access(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                       Message& message);
  void publish(const char* name, const Access::ChannelAccess& access, const Message& message,
               Snowflake user_id, const std::string& emoji);

  ServiceContext& context_;
  Access& access_;
};

// Unicode emoji as they travel in URLs (already decoded); custom "name:id" emoji come with the CDN.
// Throws 10014 Unknown Emoji for anything else.
std::string checked_emoji(const std::string& emoji);
boost::json::object emoji_json(const std::string& emoji);

}  // namespace accord
