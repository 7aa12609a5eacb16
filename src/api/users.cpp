// /users/@me, /users/:user_id
#include "api/api.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"
#include "model/user.hpp"

namespace accord {
namespace {

AccountChanges read_account_changes(const boost::json::value& body) {
  FormReader form(body);
  AccountChanges changes;
  changes.username = form.optional_string("username", 2, 32);
  if (form.has("global_name")) changes.global_name = form.optional_string("global_name", 1, 32);
  changes.bio = form.optional_string("bio", 0, 190);
  if (form.has("accent_color")) changes.accent_color = form.optional_int("accent_color", 0, 0xFFFFFF);
  changes.email = form.optional_string("email", 3, 254);
  changes.new_password = form.optional_string("new_password", 1, 72);
  changes.password = form.optional_string("password", 1, 72);
  // Images arrive as data URIs; null removes them.
  if (form.has("avatar")) changes.avatar = form.optional_string("avatar", 1, 64 * 1024 * 1024);
  if (form.has("banner")) changes.banner = form.optional_string("banner", 1, 64 * 1024 * 1024);
  form.finish();
  return changes;
}

}  // namespace

void add_users_routes(Router& router, Api& api) {
  router.add("GET", "/users/@me", [&api](Request& request) {
    return Response::json(200, private_user_json(api.caller(request).user));
  });

  router.add("PATCH", "/users/@me", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto update = api.accounts.modify(caller, read_account_changes(request.json()));
    auto json = private_user_json(update.user);
    if (update.token) json["token"] = *update.token;
    return Response::json(200, json);
  });

  router.add("GET", "/users/:user_id", [&api](Request& request) {
    api.caller(request);
    const auto id = request.id_param("user_id", 10013, "User");
    return Response::json(200, public_user_json(api.accounts.get_user(id)));
  });
}

}  // namespace accord
