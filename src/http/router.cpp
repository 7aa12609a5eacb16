#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>

#include "core/api_error.hpp"
#include "core/metrics.hpp"
#include "http/rate_limiter.hpp"

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

void Router::add_root(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (auto segment : split_path(pattern)) segments.emplace_back(segment);
  root_routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

const Router::Route& Router::find(Request& request) const {
  auto segments = split_path(request.path);
  request.api_version = strip_api_prefix(segments);
  bool path_known = false;
  for (const auto& route : routes_) {
    if (!matches(route, segments, request)) continue;
    path_known = true;
    if (route.method == request.method) return route;
  }
  if (path_known) throw ApiError::method_not_allowed();
  throw ApiError::route_not_found();
}

Response Router::run(const Route& route, Request& request) const {
  try {
    return route.handler(request);
  } catch (const ApiError& error) {
    return Response::error(error);
  } catch (const std::exception& error) {
    spdlog::error("{} {} failed: {}", request.method, request.path, error.what());
    return Response::error(ApiError(500, 0, "500: Internal Server Error"));
  }
}

Response Router::handle(Request& request) const {
  if (!request.path.starts_with("/api/") && request.path != "/api") {
    const auto segments = split_path(request.path);
    for (const auto& route : root_routes_) {
      if (route.method == request.method && matches(route, segments, request)) return run(route, request);
    }
    if (fallback_ && request.method == "GET") {
      try {
        return fallback_(request);
      } catch (const ApiError& error) {
        return Response::error(error);
      } catch (const std::exception& error) {
        spdlog::error("GET {} failed: {}", request.path, error.what());
        return Response::error(ApiError(500, 0, "500: Internal Server Error"));
      }
    }
  }
  const auto started = std::chrono::steady_clock::now();
  const Route* route = nullptr;
  Response response;
  try {
    route = &find(request);
  } catch (const ApiError& error) {
    response = Response::error(error);
  }
  if (route) {
    RateLimiter::Verdict verdict;
    if (limiter_) verdict = limiter_->admit(route->method, route->pattern, request);
    if (verdict.allowed) {
      response = run(*route, request);
    } else {
      response = RateLimiter::refusal(verdict);
      if (metrics_) metrics_->count_rate_limited();
    }
    RateLimiter::add_headers(verdict, response);
  }
  if (limiter_) limiter_->note_status(request, response.status);
  if (metrics_) {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    metrics_->count_request(request.method, route ? route->pattern : "unmatched", response.status,
                            elapsed.count());
  }
  return response;
}

}  // namespace accord
