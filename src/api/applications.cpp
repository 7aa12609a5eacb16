// /applications, /applications/:application_id, /applications/:application_id/bot/reset,
// /applications/@me, /oauth2/applications/@me
#include "api/api.hpp"
#include "core/form.hpp"
#include "model/application.hpp"

namespace accord {
namespace {

boost::json::object to_json(const ApplicationView& view) {
  return application_json(view.application, view.owner, view.bot);
}

ApplicationChanges read_application_changes(const boost::json::value& body) {
  FormReader form(body);
  ApplicationChanges changes;
  changes.name = form.optional_string("name", 2, 32);
  changes.description = form.optional_string("description", 0, 400);
  changes.bot_public = form.optional_bool("bot_public");
  changes.bot_require_code_grant = form.optional_bool("bot_require_code_grant");
  if (form.has("interactions_endpoint_url")) {
    changes.interactions_endpoint_url = form.optional_string("interactions_endpoint_url", 0, 2048);
  }
  form.finish();
  return changes;
}

}  // namespace

void add_applications_routes(Router& router, Api& api) {
  router.add("POST", "/applications", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto body = request.json();
    FormReader form(body);
    auto name = form.required_string("name", 2, 32);
    auto description = form.optional_string("description", 0, 400);
    form.finish();
    return Response::json(201, to_json(api.applications.create(caller, *name, description.value_or(""))));
  });

  router.add("GET", "/applications", [&api](Request& request) {
    boost::json::array list;
    for (const auto& view : api.applications.list_owned(api.caller(request))) list.push_back(to_json(view));
    return Response::json(200, list);
  });

  auto current = [&api](Request& request) {
    return Response::json(200, to_json(api.applications.current(api.caller(request))));
  };
  router.add("GET", "/applications/@me", current);
  router.add("GET", "/oauth2/applications/@me", current);

  router.add("GET", "/applications/:application_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto id = request.id_param("application_id", 10002, "Application");
    return Response::json(200, to_json(api.applications.get_owned(caller, id)));
  });

  router.add("PATCH", "/applications/:application_id", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto id = request.id_param("application_id", 10002, "Application");
    const auto changes = read_application_changes(request.json());
    return Response::json(200, to_json(api.applications.modify(caller, id, changes)));
  });

  router.add("POST", "/applications/:application_id/bot/reset", [&api](Request& request) {
    const auto caller = api.caller(request);
    const auto id = request.id_param("application_id", 10002, "Application");
    return Response::json(200, {{"token", api.applications.reset_bot_token(caller, id)}});
  });
}

}  // namespace accord
