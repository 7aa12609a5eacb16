#include "http_load.hpp"

#include <unistd.h>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <vector>

#include "latency.hpp"

namespace accord::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

struct ThreadTally {
  Latencies latencies;
  std::map<int, std::int64_t> statuses;
  std::int64_t failures = 0;
};

http::request<http::string_body> make_request(const HttpLoadOptions& options) {
  http::request<http::string_body> request{http::string_to_verb(options.method), options.target, 11};
  request.set(http::field::host, options.host + ":" + std::to_string(options.port));
  request.set(http::field::user_agent, "accord-load");
  if (!options.authorization.empty()) request.set(http::field::authorization, options.authorization);
  if (!options.body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = options.body;
  }
  request.keep_alive(true);
  request.prepare_payload();
  return request;
}

asio::awaitable<void> connection(const HttpLoadOptions& options, asio::ip::tcp::endpoint endpoint,
                                 Clock::time_point measure_from, Clock::time_point until,
                                 ThreadTally& tally) {
  const auto request = make_request(options);
  beast::flat_buffer buffer;
  while (Clock::now() < until) {
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    bool failed = false;
    try {
      co_await stream.async_connect(endpoint, asio::use_awaitable);
      stream.socket().set_option(asio::ip::tcp::no_delay(true));
      bool keep_alive = true;
      while (keep_alive && Clock::now() < until) {
        const auto started = Clock::now();
        co_await http::async_write(stream, request, asio::use_awaitable);
        http::response<http::string_body> response;
        co_await http::async_read(stream, buffer, response, asio::use_awaitable);
        const auto finished = Clock::now();
        if (started >= measure_from && finished <= until) {
          tally.latencies.add(
              std::chrono::duration_cast<std::chrono::microseconds>(finished - started).count());
          ++tally.statuses[response.result_int()];
        }
        keep_alive = response.keep_alive();
      }
    } catch (const std::exception&) {
      ++tally.failures;
      buffer.clear();
      failed = true;
    }
    if (failed) {  // a refused or broken connection: try again shortly, not in a tight loop
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
      co_await pause.async_wait(asio::use_awaitable);
    }
  }
}

}  // namespace

double process_cpu_seconds(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14 || index == 15) ticks += std::stod(field);
    if (index == 15) break;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

HttpLoadResult run_http_load(const HttpLoadOptions& options) {
  std::vector<asio::ip::tcp::endpoint> endpoints{{asio::ip::make_address(options.host), options.port}};
  for (auto port : options.more_ports) endpoints.emplace_back(asio::ip::make_address(options.host), port);
  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.warmup_seconds));
  const auto until = measure_from + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.seconds));

  std::vector<ThreadTally> tallies(static_cast<std::size_t>(options.threads));
  std::vector<std::thread> threads;
  double cpu_at_start = 0, cpu_at_end = 0;
  std::thread cpu_watch;
  auto server_cpu = [&] {
    double seconds = 0;
    for (int pid : options.server_pids) seconds += process_cpu_seconds(pid);
    return seconds;
  };
  if (!options.server_pids.empty()) {
    cpu_watch = std::thread([&] {
      std::this_thread::sleep_until(measure_from);
      cpu_at_start = server_cpu();
      std::this_thread::sleep_until(until);
      cpu_at_end = server_cpu();
    });
  }
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      asio::io_context io(1);
      for (int c = t; c < options.connections; c += options.threads) {
        asio::co_spawn(io,
                       connection(options, endpoints[static_cast<std::size_t>(c) % endpoints.size()],
                                  measure_from, until, tallies[static_cast<std::size_t>(t)]),
                       asio::detached);
      }
      io.run();
    });
  }
  for (auto& thread : threads) thread.join();
  if (cpu_watch.joinable()) cpu_watch.join();

  HttpLoadResult result;
  Latencies all;
  for (auto& tally : tallies) {
    all.merge(tally.latencies);
    for (auto [status, count] : tally.statuses) result.statuses[status] += count;
    result.failures += tally.failures;
  }
  result.requests = static_cast<std::int64_t>(all.count());
  result.requests_per_second = static_cast<double>(result.requests) / options.seconds;
  result.p50_ms = all.percentile_ms(0.50);
  result.p99_ms = all.percentile_ms(0.99);
  if (result.requests > 0 && !options.server_pids.empty())
    result.server_cpu_us_per_request =
        (cpu_at_end - cpu_at_start) * 1e6 / static_cast<double>(result.requests);
  return result;
}

}  // namespace accord::bench
