#include "http/response.hpp"

#include <boost/json/serialize.hpp>

#include "core/api_error.hpp"

namespace accord {

Response Response::json(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(value);
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Response Response::error(const ApiError& error) {
  auto response = json(error.http_status(), error.to_json());
  if (auto seconds = error.retry_after()) {
    response.headers.emplace_back("Retry-After", std::to_string(static_cast<long long>(*seconds + 0.999)));
  }
  return response;
}

}  // namespace accord
