#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

// An incoming webhook (type 1): posts into its channel by id and secret token, no account needed.
struct Webhook {
  Snowflake id = 0;
  std::int64_t type = 1;
  Snowflake guild_id = 0;
  Snowflake channel_id = 0;
  std::optional<Snowflake> user_id;  // who created it
  std::string name;
  std::optional<std::string> avatar;
  std::string token;
  std::optional<Snowflake> application_id;
  std::optional<Snowflake> source_channel_id;  // type 2: the announcement channel it follows
};

namespace webhook_type {
inline constexpr std::int64_t incoming = 1;
inline constexpr std::int64_t channel_follower = 2;
}  // namespace webhook_type

// `creator` is shown only to authenticated callers; token-authenticated reads leave it out, as Discord.
boost::json::object webhook_json(const Webhook& webhook, const std::optional<User>& creator,
                                 const std::string& api_base_url);

// The author of a webhook's message: the webhook itself, under the name the message asked for.
User webhook_author(Snowflake webhook_id, const std::string& name, const std::optional<std::string>& avatar);

}  // namespace accord
