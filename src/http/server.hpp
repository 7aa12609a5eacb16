#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/live_config.hpp"
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
  HttpServer(const LiveConfig& config, const Router& router, gateway::Gateway* gateway);
  ~HttpServer();

  // Runs `task` on the blocking pool every `interval` once listening (expiry, config reloads).
  void every(std::chrono::seconds interval, std::function<void()> task);
  // API GETs run on the io thread by default, as SQLite reads never wait. With PostgreSQL a read is
  // a network round trip, which must not hold up an io thread: false sends them to the blocking
  // pool like writes. Set before listen().
  void set_api_reads_on_io_threads(bool on_io_threads);
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
