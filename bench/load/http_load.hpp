#pragma once

#include <map>
#include <string>
#include <vector>

namespace accord::bench {

struct HttpLoadOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::vector<unsigned short> more_ports;  // other nodes of a cluster: connections spread over every port
  std::string method = "GET";
  std::string target = "/";
  std::string authorization;  // sent as Authorization when set
  std::string body;           // sent as JSON when set
  int connections = 32;
  int threads = 1;
  double seconds = 5;
  double warmup_seconds = 0.5;   // requests finishing before this are not counted
  std::vector<int> server_pids;  // when set, their CPU time over the measured window is reported
};

struct HttpLoadResult {
  std::int64_t requests = 0;  // answered inside the measured window
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  std::map<int, std::int64_t> statuses;
  std::int64_t failures = 0;  // connections that broke
  // Server CPU (user + system) per answered request: unlike req/s, barely moved by whatever else
  // the machine is running, so it compares builds on a noisy machine.
  double server_cpu_us_per_request = 0;
};

// utime + stime of a process, in seconds (from /proc/PID/stat).
double process_cpu_seconds(int pid);

// Closed loop: every connection keeps one request in flight (keep-alive, no pipelining) for the
// whole run, so the figure is the throughput at that concurrency and the latency it costs.
HttpLoadResult run_http_load(const HttpLoadOptions& options);

}  // namespace accord::bench
