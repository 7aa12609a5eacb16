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
}

}  // namespace accord
