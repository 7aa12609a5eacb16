#pragma once

#include "http/router.hpp"
#include "services/accounts.hpp"
#include "services/applications.hpp"
#include "services/context.hpp"
#include "services/sessions.hpp"

namespace accord {

// The services route handlers call; one per instance.
struct Api {
  ServiceContext& context;
  SessionService& sessions;
  AccountService& accounts;
  ApplicationService& applications;

  Caller caller(const Request& request) const { return sessions.require(request.header("authorization")); }
};

// Each api/ file registers the routes of its path.
void add_auth_routes(Router& router, Api& api);
void add_users_routes(Router& router, Api& api);
void add_applications_routes(Router& router, Api& api);
void add_gateway_routes(Router& router, Api& api);

inline void add_all_routes(Router& router, Api& api) {
  add_auth_routes(router, api);
  add_users_routes(router, api);
  add_applications_routes(router, api);
  add_gateway_routes(router, api);
}

}  // namespace accord
