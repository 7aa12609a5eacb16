#pragma once

#include <map>
#include <string>

namespace accord::bench {

struct HttpLoadOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string method = "GET";
  std::string target = "/";
  std::string authorization;  // sent as Authorization when set
  std::string body;           // sent as JSON when set
  int connections = 32;
  int threads = 1;
  double seconds = 5;
  double warmup_seconds = 0.5;  // requests finishing before this are not counted
};

struct HttpLoadResult {
  std::int64_t requests = 0;  // answered inside the measured window
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  std::map<int, std::int64_t> statuses;
  std::int64_t failures = 0;  // connections that broke
};

// Closed loop: every connection keeps one request in flight (keep-alive, no pipelining) for the
// whole run, so the figure is the throughput at that concurrency and the latency it costs.
HttpLoadResult run_http_load(const HttpLoadOptions& options);

}  // namespace accord::bench
