// /metrics and /healthz: outside /api, for the operator's monitoring rather than for clients.
#include "api/api.hpp"
#include "core/metrics.hpp"

namespace accord {

void add_observability_routes(Router& router, Api& api) {
  router.add_root("GET", "/metrics", [&api](Request&) {
    if (!api.context.config.get()->observability.metrics_enabled) throw ApiError::route_not_found();
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = api.metrics.render();
    return response;
  });

  router.add_root("GET", "/healthz", [&api](Request&) {
    // Reading from the database proves more than answering does: a wedged store fails here.
    api.context.store.instance_value("token_secret");
    return Response::json(200, boost::json::object{{"status", "ok"}});
  });
}

}  // namespace accord
