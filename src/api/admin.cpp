// /admin/...: instance administration, for holders of instance rights only.
#include "api/api.hpp"
#include "auth/rights.hpp"
#include "core/form.hpp"

namespace accord {

void add_admin_routes(Router& router, Api& api) {
  router.add("POST", "/admin/gateway/reconnect", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.require(caller, rights::manage_users);
    const auto body = request.json();
    FormReader form(body);
    auto user = form.required_string("user_id", 1, 20);
    const auto user_id = user ? parse_snowflake(*user) : std::nullopt;
    if (user && !user_id) form.fail("user_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    form.finish();
    api.admin.reconnect_sessions(caller, *user_id);
    return Response::no_content();
  });

  router.add("GET", "/admin/config", [&api](Request& request) {
    api.admin.require(api.caller(request), rights::operator_);
    return Response::json(200, api.instance_config.effective());
  });

  router.add("PATCH", "/admin/config", [&api](Request& request) {
    api.admin.require(api.caller(request), rights::operator_);
    const auto body = request.json();
    if (!body.is_object()) FormReader(body).finish();
    api.instance_config.change(body.get_object());
    return Response::json(200, api.instance_config.effective());
  });

  router.add("GET", "/admin/users", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.require(caller, rights::manage_users);
    const auto query = std::string(request.query_value("query").value_or(""));
    return Response::json(200, api.admin.list_users(caller, query, query_id(request, "after").value_or(0),
                                                    query_limit(request, 100, 1000)));
  });

  router.add("PATCH", "/admin/users/:user_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.require(caller, rights::manage_users);
    const auto user_id = request.id_param("user_id", 10013, "User");
    const auto body = request.json();
    FormReader form(body);
    AdminService::UserChanges changes;
    changes.rights = form.optional_int("rights", 0, (std::int64_t{1} << 53) - 1);
    changes.disabled = form.optional_bool("disabled");
    form.finish();
    return Response::json(200, api.admin.modify_user(caller, user_id, changes));
  });

  router.add("DELETE", "/admin/users/:user_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.delete_user(caller, request.id_param("user_id", 10013, "User"));
    return Response::no_content();
  });

  router.add("GET", "/admin/guilds", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.require(caller, rights::manage_guilds);
    const auto query = std::string(request.query_value("query").value_or(""));
    return Response::json(200, api.admin.list_guilds(caller, query, query_id(request, "after").value_or(0),
                                                     query_limit(request, 100, 1000)));
  });

  router.add("DELETE", "/admin/guilds/:guild_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.delete_guild(caller, request.id_param("guild_id", 10004, "Guild"));
    return Response::no_content();
  });

  router.add("POST", "/reports", [&api](Request& request) {
    const auto caller = api.caller(request);
    return Response::json(201, api.reports.create(caller, request.json()));
  });

  router.add("GET", "/admin/reports", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.require(caller, rights::manage_users);
    return Response::json(
        200, api.reports.list(caller, query_bool(request, "resolved"), query_id(request, "after").value_or(0),
                              query_limit(request, 100, 1000)));
  });

  router.add("PATCH", "/admin/reports/:report_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    api.admin.require(caller, rights::manage_users);
    const auto report = request.id_param("report_id", 0, "Report");
    return Response::json(200, api.reports.resolve(caller, report));
  });

  router.add("GET", "/admin/stats", [&api](Request& request) {
    return Response::json(200, api.admin.statistics(api.caller(request)));
  });
}

}  // namespace accord
