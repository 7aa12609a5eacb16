#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"

namespace accord {

struct User {
  Snowflake id = 0;
  std::string username;
  std::string discriminator = "0";  // "0" for unique usernames; bots keep a 4-digit tag as on Discord
  std::optional<std::string> global_name;
  std::optional<std::string> avatar;
  std::optional<std::string> banner;
  std::optional<std::int64_t> accent_color;
  std::string bio;
  bool bot = false;
  bool system = false;
  std::optional<std::string> email;
  bool verified = false;
  bool mfa_enabled = false;
  std::int64_t flags = 0;
  std::string locale = "en-US";
  std::int64_t created_at_ms = 0;
  std::int64_t rights = 0;  // instance rights (see auth/rights.hpp); never sent to clients
  bool disabled = false;    // by an administrator: cannot log in, tokens refused
};

// What anyone may see of a user (GET /users/:id, authors, members).
boost::json::object public_user_json(const User& user);
// What the user sees of themself (GET /users/@me, READY.user): adds email, verified, locale, mfa.
boost::json::object private_user_json(const User& user);

}  // namespace accord
