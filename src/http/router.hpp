#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace accord {

using Handler = std::function<Response(Request&)>;

// Maps `/api[/vN]/path/:param` to handlers. Unversioned paths are v9, as for the official client.
// Handlers throw ApiError for anything the client should hear about; the router turns it (and any
// other exception, as a 500) into Discord's error body.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  Response handle(Request& request) const;

  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  Response dispatch(Request& request) const;
  std::vector<Route> routes_;
};

}  // namespace accord
