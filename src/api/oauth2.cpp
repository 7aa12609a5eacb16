// /oauth2/authorize: the "add bot to server" form, as the official client submits it.
#include "api/api.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {

void add_oauth2_routes(Router& router, Api& api) {
  router.add("POST", "/oauth2/authorize", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto client_id = query_id(request, "client_id");
    if (!client_id)
      throw ApiError::invalid_field("client_id", "BASE_TYPE_REQUIRED", "This field is required");
    const auto scope = std::string(request.query_value("scope").value_or(""));
    if (scope.find("bot") == std::string::npos) {
      throw ApiError::invalid_field("scope", "SCOPE_INVALID", "Only the bot scope is supported.");
    }
    const auto body = request.json();
    FormReader form(body);
    auto guild_text = form.required_string("guild_id", 1, 20);
    const auto authorize = form.optional_bool("authorize").value_or(false);
    std::optional<Permissions> permissions = 0;
    if (form.has("permissions") && !form.is_null("permissions")) {
      permissions = permission_value(body.as_object().at("permissions"));
      if (!permissions) form.fail("permissions", "PERMISSIONS_INVALID", "Not a permission bitfield.");
    } else if (auto query = request.query_value("permissions")) {
      permissions = parse_permission_string(*query);
    }
    const auto guild_id = guild_text ? parse_snowflake(*guild_text) : std::nullopt;
    if (guild_text && !guild_id) form.fail("guild_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    form.finish();
    if (!authorize)
      return Response::json(200, {{"location", "https://discord.com/oauth2/error?error=access_denied"}});
    api.bot_authorization.authorize(caller, *client_id, *guild_id, permissions.value_or(0));
    return Response::json(200, {{"location", "https://discord.com/oauth2/authorized"}});
  });
}

}  // namespace accord
