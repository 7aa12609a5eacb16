#include "model/application.hpp"

namespace accord {

boost::json::object application_json(const Application& application, const User& owner,
                                     const std::optional<User>& bot) {
  boost::json::object json{
      {"id", to_string(application.id)},
      {"name", application.name},
      {"icon", application.icon ? boost::json::value(*application.icon) : nullptr},
      {"description", application.description},
      {"summary", ""},
      {"type", nullptr},
      {"bot_public", application.bot_public},
      {"bot_require_code_grant", application.bot_require_code_grant},
      {"verify_key", application.verify_key},
      {"flags", application.flags},
      {"owner", public_user_json(owner)},
      {"team", nullptr},
      {"rpc_origins", boost::json::array{}},
      {"redirect_uris", boost::json::array{}},
      {"interactions_endpoint_url", application.interactions_endpoint_url
                                        ? boost::json::value(*application.interactions_endpoint_url)
                                        : nullptr},
      {"hook", true},
  };
  if (bot) json["bot"] = public_user_json(*bot);
  return json;
}

}  // namespace accord
