// accord-load: the load generator behind bench/run-all. Each subcommand prints one summary line, or
// one JSON object with --json. It measures; it never asserts.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include "gateway_load.hpp"
#include "http_load.hpp"

namespace {

using namespace accord::bench;

std::string statuses_text(const std::map<int, std::int64_t>& statuses) {
  std::ostringstream text;
  for (auto [status, count] : statuses) text << (text.tellp() > 0 ? "," : "") << status << ":" << count;
  return text.str();
}

void add_gateway_options(CLI::App& command, GatewayOptions& options) {
  command.add_option("--host", options.host);
  command.add_option("--port", options.port)->required();
  command.add_option("--token", options.token, "a bot token; every session identifies with it")->required();
  command.add_option("--sessions", options.sessions);
  command.add_option("--threads", options.threads);
  command.add_option("--connecting", options.connecting_at_once, "sessions identifying at one time");
  command.add_option("--server-pid", options.server_pid, "read this process's RSS");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"accord-load: HTTP keep-alive and gateway WebSocket load for Accord's benchmarks"};
  app.require_subcommand(1);
  bool json = false;
  app.add_flag("--json", json, "print one JSON object instead of a line of text");

  HttpLoadOptions http;
  auto* http_command = app.add_subcommand("http", "closed-loop keep-alive requests: req/s, p50, p99");
  http_command->add_option("--host", http.host);
  http_command->add_option("--port", http.port)->required();
  http_command->add_option("--also-port", http.more_ports,
                           "another node of a cluster; connections take turns");
  http_command->add_option("--method", http.method);
  http_command->add_option("--path", http.target)->required();
  http_command->add_option("--authorization", http.authorization);
  http_command->add_option("--body", http.body, "a JSON body");
  http_command->add_option("--connections", http.connections);
  http_command->add_option("--threads", http.threads);
  http_command->add_option("--seconds", http.seconds);
  http_command->add_option("--warmup", http.warmup_seconds);
  http_command->add_option("--server-pid", http.server_pids,
                           "report these processes' CPU time per request (repeat for several)");

  GatewayOptions idle;
  double hold_seconds = 2;
  bool zlib = false;
  auto* idle_command =
      app.add_subcommand("idle", "open gateway sessions and read the server's RSS per session");
  add_gateway_options(*idle_command, idle);
  idle_command->add_flag("--zlib-stream", zlib);
  idle_command->add_option("--hold", hold_seconds, "seconds to let the server settle before reading RSS");

  GatewayOptions gateway;
  FanoutOptions fanout;
  auto* fanout_command = app.add_subcommand(
      "fanout", "post messages and time MESSAGE_CREATE to every session: p50, p99, frames/s");
  add_gateway_options(*fanout_command, gateway);
  fanout_command->add_option("--channel", fanout.channel_id)->required();
  fanout_command->add_option("--poster-token", fanout.poster_token)->required();
  fanout_command->add_option("--post-port", fanout.post_port,
                             "post on this node (of a cluster) while the sessions are on --port");
  fanout_command->add_option("--messages", fanout.messages);
  fanout_command->add_option("--burst", fanout.burst_messages);

  CLI11_PARSE(app, argc, argv);

  try {
    if (*http_command) {
      const auto result = run_http_load(http);
      if (json) {
        std::printf(
            R"({"requests":%lld,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"failures":%lld,"statuses":"%s",)"
            R"("server_cpu_us":%.1f})"
            "\n",
            static_cast<long long>(result.requests), result.requests_per_second, result.p50_ms, result.p99_ms,
            static_cast<long long>(result.failures), statuses_text(result.statuses).c_str(),
            result.server_cpu_us_per_request);
      } else {
        std::printf(
            "%s %s: %.0f req/s, p50 %.3f ms, p99 %.3f ms, server CPU %.1f us/request (%d connections, "
            "statuses %s, broken %lld)\n",
            http.method.c_str(), http.target.c_str(), result.requests_per_second, result.p50_ms,
            result.p99_ms, result.server_cpu_us_per_request, http.connections,
            statuses_text(result.statuses).c_str(), static_cast<long long>(result.failures));
      }
    } else if (*idle_command) {
      idle.zlib_stream = zlib;
      const auto result = run_idle_sessions(idle, hold_seconds);
      if (json) {
        std::printf(
            R"({"ready":%d,"open_seconds":%.3f,"rss_before_kib":%lld,"rss_after_kib":%lld,"kib_per_session":%.2f})"
            "\n",
            result.ready, result.open_seconds, static_cast<long long>(result.rss_before_kib),
            static_cast<long long>(result.rss_after_kib), result.kib_per_session);
      } else {
        std::printf("%d idle sessions%s: %.2f KiB each (RSS %lld -> %lld KiB), opened in %.2f s\n",
                    result.ready, zlib ? " (zlib-stream)" : "", result.kib_per_session,
                    static_cast<long long>(result.rss_before_kib),
                    static_cast<long long>(result.rss_after_kib), result.open_seconds);
      }
    } else if (*fanout_command) {
      const auto result = run_fanout(gateway, fanout);
      if (json) {
        std::printf(R"({"sessions":%d,"p50_ms":%.3f,"p99_ms":%.3f,"last_p50_ms":%.3f,"last_p99_ms":%.3f,)"
                    R"("frames_per_second":%.0f,"lost":%lld,"server_cpu_us_per_frame":%.2f})"
                    "\n",
                    result.sessions, result.p50_ms, result.p99_ms, result.last_p50_ms, result.last_p99_ms,
                    result.frames_per_second, static_cast<long long>(result.lost),
                    result.server_cpu_us_per_frame);
      } else {
        std::printf(
            "MESSAGE_CREATE to %d sessions: p50 %.3f ms, p99 %.3f ms; last session p50 %.3f ms, p99 %.3f ms; "
            "burst %.0f frames/s, server CPU %.2f us/frame; lost %lld\n",
            result.sessions, result.p50_ms, result.p99_ms, result.last_p50_ms, result.last_p99_ms,
            result.frames_per_second, result.server_cpu_us_per_frame, static_cast<long long>(result.lost));
      }
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "accord-load: %s\n", error.what());
    return 1;
  }
  return 0;
}
