// /interactions (a member uses an application), /interactions/:interaction_id/:token/callback (its answer).
#include "api/api.hpp"

namespace accord {

void add_interactions_routes(Router& router, Api& api) {
  router.add("POST", "/interactions", [&api](Request& request) {
    const auto caller = api.caller(request);
    // The official client sends payload_json (multipart) when the command takes attachments.
    api.interactions.invoke(caller, read_upload_body(request).json);
    return Response::no_content();
  });
  router.add("POST", "/interactions/:interaction_id/:token/callback", [&api](Request& request) {
    const auto id = request.id_param("interaction_id", 10062, "interaction");
    const auto upload = read_upload_body(request);
    auto answer = api.interactions.callback(id, request.params.at("token"), upload.json, upload.files);
    if (query_bool(request, "with_response")) return Response::json(200, std::move(answer));
    return Response::no_content();
  });
}

}  // namespace accord
