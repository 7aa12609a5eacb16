#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

// An application (a bot's home). As on Discord, its bot user, once created, has the same id.
struct Application {
  Snowflake id = 0;
  Snowflake owner_id = 0;
  std::string name;
  std::string description;
  std::optional<std::string> icon;
  bool bot_public = true;
  bool bot_require_code_grant = false;
  std::optional<Snowflake> bot_user_id;
  std::string verify_key;   // hex Ed25519 public key: how the bot checks our interaction signatures
  std::string signing_key;  // hex Ed25519 secret key; never leaves the server
  std::int64_t flags = 0;
  std::optional<std::string> interactions_endpoint_url;
};

boost::json::object application_json(const Application& application, const User& owner,
                                     const std::optional<User>& bot);

}  // namespace accord
