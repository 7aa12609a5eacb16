#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "core/api_error.hpp"

namespace accord {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end;
  }
  return segments;
}

bool matches(const Router::Route& route, const std::vector<std::string_view>& segments, Request& request) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& pattern = route.segments[i];
    if (pattern.starts_with(':')) continue;
    if (pattern != segments[i]) return false;
  }
  request.params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.segments[i].starts_with(':')) request.params.emplace(route.segments[i].substr(1), segments[i]);
  }
  return true;
}

// Strips `api` and an optional `vN`; returns the version, or throws for versions Discord retired.
int strip_api_prefix(std::vector<std::string_view>& segments) {
  if (segments.empty() || segments.front() != "api") throw ApiError::route_not_found();
  segments.erase(segments.begin());
  int version = 9;
  if (!segments.empty() && segments.front().size() >= 2 && segments.front()[0] == 'v') {
    const auto digits = segments.front().substr(1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (error == std::errc{} && end == digits.data() + digits.size()) {
      if (version < 6 || version > 10) throw ApiError(400, 50041, "Invalid API version provided");
      segments.erase(segments.begin());
    } else {
      version = 9;
    }
  }
  return version;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (auto segment : split_path(pattern)) segments.emplace_back(segment);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

Response Router::dispatch(Request& request) const {
  auto segments = split_path(request.path);
  request.api_version = strip_api_prefix(segments);
  bool path_known = false;
  for (const auto& route : routes_) {
    if (!matches(route, segments, request)) continue;
    path_known = true;
    if (route.method == request.method) return route.handler(request);
  }
  if (path_known) throw ApiError::method_not_allowed();
  throw ApiError::route_not_found();
}

Response Router::handle(Request& request) const {
  try {
    return dispatch(request);
  } catch (const ApiError& error) {
    return Response::error(error);
  } catch (const std::exception& error) {
    spdlog::error("{} {} failed: {}", request.method, request.path, error.what());
    return Response::error(ApiError(500, 0, "500: Internal Server Error"));
  }
}

}  // namespace accord
