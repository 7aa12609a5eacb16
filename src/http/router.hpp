#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace accord {

class Metrics;
class RateLimiter;

using Handler = std::function<Response(Request&)>;

// Maps `/api[/vN]/path/:param` to handlers. Unversioned paths are v9, as for the official client.
// Handlers throw ApiError for anything the client should hear about; the router turns it (and any
// other exception, as a 500) into Discord's error body.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // A route outside /api (/metrics, the CDN's /avatars/:user_id/:file), never rate limited.
  void add_root(std::string method, std::string pattern, Handler handler);
  // Answers GETs outside /api that no root route takes: the web client's pages and files.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }
  Response handle(Request& request) const;

  // Both optional; they outlive the router.
  void set_rate_limiter(RateLimiter* limiter) { limiter_ = limiter; }
  void set_metrics(Metrics* metrics) { metrics_ = metrics; }

  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  const Route& find(Request& request) const;
  Response run(const Route& route, Request& request) const;
  std::vector<Route> routes_;
  std::vector<Route> root_routes_;
  Handler fallback_;
  RateLimiter* limiter_ = nullptr;
  Metrics* metrics_ = nullptr;
};

}  // namespace accord
