// /auth/register, /auth/login, /auth/mfa/totp, /auth/logout, /users/@me/mfa/totp/enable|disable
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
    if (result.second_factor_needed) {
      return Response::json(200, {{"token", nullptr},
                                  {"user_id", to_string(result.user.id)},
                                  {"mfa", true},
                                  {"sms", false},
                                  {"totp", true},
                                  {"backup", true},
                                  {"webauthn", nullptr},
                                  {"ticket", api.two_factor.ticket_for(result.user.id)}});
    }
    return Response::json(200, {{"token", result.token},
                                {"user_id", to_string(result.user.id)},
                                {"user_settings", {{"locale", result.user.locale}, {"theme", "dark"}}}});
  });

  router.add("POST", "/auth/mfa/totp", [&api](Request& request) {
    const auto result = api.two_factor.complete_login(request.json());
    return Response::json(200, {{"token", result.token},
                                {"user_id", to_string(result.user.id)},
                                {"user_settings", {{"locale", result.user.locale}, {"theme", "dark"}}}});
  });

  router.add("POST", "/users/@me/mfa/totp/enable", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.two_factor.enable(caller, request.json()));
  });
  router.add("POST", "/users/@me/mfa/totp/disable", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.two_factor.disable(caller, request.json()));
  });

  router.add("GET", "/auth/sessions", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(200, api.accounts.list_sessions(caller));
  });
  router.add("POST", "/auth/sessions/logout", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.accounts.log_out_sessions(caller, request.json());
    return Response::no_content();
  });
  router.add("POST", "/users/@me/delete", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.accounts.delete_own(caller, request.json());
    return Response::no_content();
  });

  router.add("POST", "/auth/logout", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.sessions.end(caller.session_id);
    return Response::no_content();
  });
}

}  // namespace accord
