// /auth/register, /auth/login, /auth/logout
#include "api/api.hpp"
#include "core/form.hpp"

namespace accord {

void add_auth_routes(Router& router, Api& api) {
  router.add("POST", "/auth/register", [&api](Request& request) {
    const auto body = request.json();
    FormReader form(body);
    Registration registration;
    auto username = form.required_string("username", 2, 32);
    auto password = form.required_string("password", 1, 72);
    registration.email = form.optional_string("email", 3, 254);
    registration.global_name = form.optional_string("global_name", 1, 32);
    registration.consent = form.optional_bool("consent").value_or(false);
    registration.date_of_birth = form.optional_string("date_of_birth", 0, 32);
    const auto invite = form.optional_string("invite", 1, 64);
    if (!invite && api.context.config.get()->registration.invite_only)
      form.fail("invite", "INVITE_REQUIRED", "This instance is invite only.");
    form.finish();
    registration.username = *username;
    registration.password = *password;
    // A dead invite refuses the registration before an account exists (10006 Unknown Invite).
    if (invite) api.invites.get(*invite, false);
    const auto result = api.accounts.register_user(registration);
    if (invite) api.invites.accept(Caller{result.user, 0, std::nullopt}, *invite);
    return Response::json(201, {{"token", result.token}, {"user_id", to_string(result.user.id)}});
  });

  router.add("POST", "/auth/login", [&api](Request& request) {
    const auto body = request.json();
    FormReader form(body);
    auto login = form.required_string("login", 1, 254);
    auto password = form.required_string("password", 1, 72);
    form.finish();
    const auto result = api.accounts.login(*login, *password);
    return Response::json(200, {{"token", result.token},
                                {"user_id", to_string(result.user.id)},
                                {"user_settings", {{"locale", result.user.locale}, {"theme", "dark"}}}});
  });

  router.add("POST", "/auth/logout", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.sessions.end(caller.session_id);
    return Response::no_content();
  });
}

}  // namespace accord
