#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/config.hpp"
#include "http/router.hpp"

namespace accord::gateway {
class Gateway;
}

namespace accord {

// The HTTP transport: Beast on coroutines, keep-alive, body limits. Handlers run on the blocking
// pool so a slow disk or a password hash never holds up an io thread.
class HttpServer {
 public:
  // WebSocket upgrades go to `gateway`; without one they are refused.
  HttpServer(const Config& config, const Router& router, gateway::Gateway* gateway);
  ~HttpServer();

  // Binds and starts accepting; returns the bound port (useful with port 0).
  std::uint16_t listen(const std::string& host, std::uint16_t port);
  // Serves until SIGINT/SIGTERM or stop().
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace accord
