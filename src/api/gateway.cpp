// /gateway, /gateway/bot
#include "gateway/gateway.hpp"
#include "api/api.hpp"
#include "core/api_error.hpp"

namespace accord {
namespace {

// The gateway shares our port. Behind a proxy the operator sets http.public_url; otherwise the
// client reached us through the Host it sent, so that is where its WebSocket should go too.
std::string gateway_url(const Api& api, const Request& request) {
  return gateway::public_gateway_url(*api.context.config.get(), request.header("host").value_or(""),
                                     request.local_port);
}

}  // namespace

void add_gateway_routes(Router& router, Api& api) {
  router.add("GET", "/gateway", [&api](Request& request) {
    return Response::json(200, {{"url", gateway_url(api, request)}});
  });

  router.add("GET", "/gateway/bot", [&api](Request& request) {
    // Bots only, as on Discord: people's clients use /gateway.
    const auto caller = api.caller(request);
    if (!caller.user.bot) throw ApiError::unauthorized();
    const auto starts = api.session_starts.remaining(caller.user.id);
    return Response::json(200, {{"url", gateway_url(api, request)},
                                {"shards", 1},
                                {"session_start_limit",
                                 {{"total", starts.total},
                                  {"remaining", starts.remaining},
                                  {"reset_after", starts.reset_after_ms},
                                  {"max_concurrency", 1}}}});
  });
}

}  // namespace accord
