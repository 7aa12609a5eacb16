#include "model/user.hpp"

#include <boost/json/value_from.hpp>

namespace accord {
namespace {

template <typename T>
boost::json::value nullable(const std::optional<T>& value) {
  if (!value) return nullptr;
  return boost::json::value_from(*value);
}

}  // namespace

boost::json::object public_user_json(const User& user) {
  boost::json::object json{
      {"id", to_string(user.id)},
      {"username", user.username},
      {"discriminator", user.discriminator},
      {"global_name", nullable(user.global_name)},
      {"avatar", nullable(user.avatar)},
      {"avatar_decoration_data", nullptr},
      {"banner", nullable(user.banner)},
      {"accent_color", nullable(user.accent_color)},
      {"public_flags", user.flags},
      {"flags", user.flags},
  };
  if (user.bot) json["bot"] = true;
  if (user.system) json["system"] = true;
  return json;
}

boost::json::object private_user_json(const User& user) {
  auto json = public_user_json(user);
  json["bio"] = user.bio;
  json["email"] = nullable(user.email);
  json["verified"] = user.verified;
  json["mfa_enabled"] = user.mfa_enabled;
  json["locale"] = user.locale;
  json["premium_type"] = 0;
  json["bot"] = user.bot;
  return json;
}

}  // namespace accord
