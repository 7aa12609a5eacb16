#pragma once

#include <cstdint>
#include <string>

namespace accord::bench {

struct GatewayOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string token;  // every session identifies with it (a bot in the benchmark's guild)
  std::int64_t intents = 1 | 512 | 32768;  // guilds, guild messages, message content
  bool zlib_stream = false;
  int sessions = 100;
  int connecting_at_once = 64;  // sessions between connect and GUILD_CREATE at one time
  int threads = 1;
  int server_pid = 0;  // when set, its RSS is read before and after the sessions open
};

struct IdleResult {
  int ready = 0;            // sessions that reached GUILD_CREATE
  double open_seconds = 0;  // from the first connect to the last GUILD_CREATE
  std::int64_t rss_before_kib = 0;
  std::int64_t rss_after_kib = 0;
  double kib_per_session = 0;
};

// Opens the sessions, waits until each has its GUILD_CREATE, lets the server settle, reads its RSS.
IdleResult run_idle_sessions(const GatewayOptions& options, double hold_seconds);

struct FanoutOptions {
  std::string channel_id;
  std::string poster_token;      // a member of the guild who posts over REST
  unsigned short post_port = 0;  // 0: the sessions' node; else another node of the cluster
  int messages = 100;            // closed loop: the next is posted once every session has the last
  int burst_messages = 100;      // then posted back to back, for frames/s
};

struct FanoutResult {
  int sessions = 0;
  double p50_ms = 0;  // POST sent -> MESSAGE_CREATE read, over every (message, session)
  double p99_ms = 0;
  double last_p50_ms = 0;  // POST sent -> the last session's MESSAGE_CREATE, per message
  double last_p99_ms = 0;
  double frames_per_second = 0;        // burst: deliveries / (first POST .. last delivery)
  std::int64_t lost = 0;               // deliveries that never came (within the timeout)
  double server_cpu_us_per_frame = 0;  // burst: server CPU time / frames delivered (with --server-pid)
};

FanoutResult run_fanout(const GatewayOptions& options, const FanoutOptions& fanout);

std::int64_t rss_kib(int pid);

}  // namespace accord::bench
