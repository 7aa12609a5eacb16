#include "gateway_load.hpp"

#include <zlib.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "http_load.hpp"
#include "latency.hpp"

namespace accord::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

asio::awaitable<void> pause_for(std::chrono::microseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::use_awaitable);
}

// One zlib-stream per connection, as Discord's transport compression works: every frame ends on a
// sync flush, so inflating a frame yields whole payloads.
class Inflater {
 public:
  Inflater() { inflateInit(&stream_); }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  std::string inflate_frame(const void* data, std::size_t size) {
    std::string out;
    stream_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    stream_.avail_in = static_cast<uInt>(size);
    char chunk[16384];
    do {
      stream_.next_out = reinterpret_cast<Bytef*>(chunk);
      stream_.avail_out = sizeof chunk;
      if (::inflate(&stream_, Z_SYNC_FLUSH) < 0) throw std::runtime_error("bad zlib stream");
      out.append(chunk, sizeof chunk - stream_.avail_out);
    } while (stream_.avail_out == 0);
    return out;
  }

 private:
  z_stream stream_{};
};

// What every session of a run shares. Sessions write only their own Receipts; the counters are atomic.
struct Run {
  explicit Run(const GatewayOptions& options_) : options(options_) {}
  const GatewayOptions& options;
  int expected_messages = 0;  // message numbers 0..expected_messages-1 are tracked
  std::atomic<int> connecting{0};
  std::atomic<int> ready{0};
  std::atomic<int> failed{0};
  std::unique_ptr<std::atomic<int>[]> delivered;
  std::vector<std::vector<std::int64_t>> receipts;  // [session][message] -> steady ns, 0 = not yet
  std::vector<std::uint8_t> is_ready;               // [session], each written by its own session
  std::atomic<bool> stopping{false};
  std::int64_t first_connect_ns = 0;
  std::atomic<std::int64_t> last_ready_ns{0};
};

std::string identify_payload(const GatewayOptions& options) {
  return R"({"op":2,"d":{"token":")" + options.token + R"(","intents":)" + std::to_string(options.intents) +
         R"(,"properties":{"os":"linux","browser":"accord-load","device":"accord-load"}}})";
}

// "bench 17" in a MESSAGE_CREATE's content -> 17.
std::optional<int> message_number(std::string_view payload) {
  if (payload.find("\"MESSAGE_CREATE\"") == std::string_view::npos) return std::nullopt;
  constexpr std::string_view marker = "\"content\":\"bench ";
  const auto at = payload.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  int number = 0;
  const auto digits = payload.data() + at + marker.size();
  auto [end, error] = std::from_chars(digits, payload.data() + payload.size(), number);
  if (error != std::errc{}) return std::nullopt;
  return number;
}

// The "s" of a dispatch's text; 0 when it has none.
std::int64_t sequence_of(std::string_view payload) {
  constexpr std::string_view marker = "\"s\":";
  const auto at = payload.find(marker);
  if (at == std::string_view::npos) return 0;
  std::int64_t sequence = 0;
  std::from_chars(payload.data() + at + marker.size(), payload.data() + payload.size(), sequence);
  return sequence;
}

asio::awaitable<void> session(Run& run, int index) {
  const auto& options = run.options;
  websocket::stream<beast::tcp_stream> ws(co_await asio::this_coro::executor);
  bool counted_ready = false;
  try {
    co_await beast::get_lowest_layer(ws).async_connect(
        asio::ip::tcp::endpoint(asio::ip::make_address(options.host), options.port), asio::use_awaitable);
    beast::get_lowest_layer(ws).socket().set_option(asio::ip::tcp::no_delay(true));
    beast::get_lowest_layer(ws).expires_never();
    ws.read_message_max(64 * 1024 * 1024);
    co_await ws.async_handshake(
        options.host + ":" + std::to_string(options.port),
        options.zlib_stream ? "/?v=10&encoding=json&compress=zlib-stream" : "/?v=10&encoding=json",
        asio::use_awaitable);
    std::optional<Inflater> inflater;
    if (options.zlib_stream) inflater.emplace();
    beast::flat_buffer buffer;
    auto read_payload = [&]() -> asio::awaitable<std::string> {
      buffer.clear();
      co_await ws.async_read(buffer, asio::use_awaitable);
      const auto data = buffer.cdata();
      if (inflater) co_return inflater->inflate_frame(data.data(), data.size());
      co_return std::string(static_cast<const char*>(data.data()), data.size());
    };

    co_await read_payload();  // HELLO
    co_await ws.async_write(asio::buffer(identify_payload(options)), asio::use_awaitable);
    std::string guild_create;
    while ((guild_create = co_await read_payload()).find("\"GUILD_CREATE\"") == std::string::npos) {
    }
    // The first heartbeat, which a real client sends within one interval, acknowledging what it has:
    // the server may then let go of READY and GUILD_CREATE, as it does for every idle session in time.
    const auto heartbeat = R"({"op":1,"d":)" + std::to_string(sequence_of(guild_create)) + "}";
    co_await ws.async_write(asio::buffer(heartbeat), asio::use_awaitable);
    counted_ready = true;
    run.is_ready[static_cast<std::size_t>(index)] = 1;
    --run.connecting;
    ++run.ready;
    run.last_ready_ns = now_ns();
    if (inflater) inflater.reset();  // idle sessions only: stop spending client memory on inflating

    auto& receipts = run.receipts[static_cast<std::size_t>(index)];
    while (!run.stopping) {
      buffer.clear();
      co_await ws.async_read(buffer, asio::use_awaitable);
      if (options.zlib_stream) continue;
      const auto data = buffer.cdata();
      const auto number =
          message_number(std::string_view(static_cast<const char*>(data.data()), data.size()));
      if (number && *number >= 0 && *number < run.expected_messages &&
          receipts[static_cast<std::size_t>(*number)] == 0) {
        receipts[static_cast<std::size_t>(*number)] = now_ns();
        ++run.delivered[static_cast<std::size_t>(*number)];
      }
    }
  } catch (const std::exception&) {
    if (!run.stopping) ++run.failed;
    if (!counted_ready) --run.connecting;
  }
}

// Starts the sessions a few at a time (a real client fleet does not identify all at once either)
// and returns once every one is ready or has failed.
asio::awaitable<void> open_sessions(Run& run) {
  auto executor = co_await asio::this_coro::executor;
  run.first_connect_ns = now_ns();
  for (int i = 0; i < run.options.sessions; ++i) {
    while (run.connecting >= run.options.connecting_at_once)
      co_await pause_for(std::chrono::microseconds(500));
    ++run.connecting;
    asio::co_spawn(executor, session(run, i), asio::detached);
  }
  while (run.ready + run.failed < run.options.sessions) co_await pause_for(std::chrono::milliseconds(1));
}

// A member posting over one keep-alive connection. (Built by a constructor, not braces: GCC 12
// mis-destroys braced temporaries inside coroutines.)
struct Poster {
  Poster(asio::any_io_executor executor, const GatewayOptions& options, const FanoutOptions& fanout)
      : stream(std::move(executor)) {
    request.method(http::verb::post);
    request.target("/api/v10/channels/" + fanout.channel_id + "/messages");
    request.version(11);
    request.set(http::field::host, options.host);
    request.set(http::field::authorization, fanout.poster_token);
    request.set(http::field::content_type, "application/json");
    request.keep_alive(true);
  }
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
};

asio::awaitable<void> post_message(Poster& poster, int number) {
  poster.request.body() = R"({"content":"bench )" + std::to_string(number) + R"("})";
  poster.request.prepare_payload();
  co_await http::async_write(poster.stream, poster.request, asio::use_awaitable);
  http::response<http::string_body> response;
  co_await http::async_read(poster.stream, poster.buffer, response, asio::use_awaitable);
  if (response.result_int() != 200) throw std::runtime_error("POST message answered " + response.body());
}

asio::awaitable<void> wait_delivered(Run& run, int number, Clock::time_point deadline) {
  while (run.delivered[static_cast<std::size_t>(number)] < run.ready && Clock::now() < deadline)
    co_await pause_for(std::chrono::microseconds(50));
}

template <typename Body>
void run_on_threads(asio::io_context& io, int threads, Body body) {
  asio::co_spawn(io, std::move(body), asio::detached);
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
}

}  // namespace

std::int64_t rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6));
  }
  return 0;
}

IdleResult run_idle_sessions(const GatewayOptions& options, double hold_seconds) {
  Run run{options};
  run.delivered = std::make_unique<std::atomic<int>[]>(1);
  run.receipts.resize(static_cast<std::size_t>(options.sessions));
  run.is_ready.assign(static_cast<std::size_t>(options.sessions), 0);
  IdleResult result;
  if (options.server_pid) result.rss_before_kib = rss_kib(options.server_pid);
  asio::io_context io;
  run_on_threads(io, options.threads, [&]() -> asio::awaitable<void> {
    co_await open_sessions(run);
    co_await pause_for(std::chrono::microseconds(static_cast<std::int64_t>(hold_seconds * 1e6)));
    if (options.server_pid) result.rss_after_kib = rss_kib(options.server_pid);
    run.stopping = true;
    io.stop();
  });
  result.ready = run.ready;
  result.open_seconds = static_cast<double>(run.last_ready_ns - run.first_connect_ns) / 1e9;
  if (result.ready > 0)
    result.kib_per_session = static_cast<double>(result.rss_after_kib - result.rss_before_kib) / result.ready;
  return result;
}

FanoutResult run_fanout(const GatewayOptions& options, const FanoutOptions& fanout) {
  Run run{options};
  run.expected_messages = fanout.messages + fanout.burst_messages;
  run.delivered = std::make_unique<std::atomic<int>[]>(static_cast<std::size_t>(run.expected_messages));
  run.receipts.assign(static_cast<std::size_t>(options.sessions),
                      std::vector<std::int64_t>(static_cast<std::size_t>(run.expected_messages), 0));
  run.is_ready.assign(static_cast<std::size_t>(options.sessions), 0);
  std::vector<std::int64_t> sent(static_cast<std::size_t>(run.expected_messages), 0);
  FanoutResult result;
  asio::io_context io;
  std::string error;
  double burst_cpu_seconds = 0;
  run_on_threads(io, options.threads, [&]() -> asio::awaitable<void> {
    try {
      co_await open_sessions(run);
      Poster poster(co_await asio::this_coro::executor, options, fanout);
      co_await poster.stream.async_connect(
          asio::ip::tcp::endpoint(asio::ip::make_address(options.host),
                                  fanout.post_port != 0 ? fanout.post_port : options.port),
          asio::use_awaitable);
      poster.stream.socket().set_option(asio::ip::tcp::no_delay(true));

      for (int k = 0; k < fanout.messages; ++k) {
        sent[static_cast<std::size_t>(k)] = now_ns();
        co_await post_message(poster, k);
        co_await wait_delivered(run, k, Clock::now() + std::chrono::seconds(5));
      }
      const double cpu_before = options.server_pid ? process_cpu_seconds(options.server_pid) : 0;
      for (int k = fanout.messages; k < run.expected_messages; ++k) {
        sent[static_cast<std::size_t>(k)] = now_ns();
        co_await post_message(poster, k);
      }
      const auto deadline = Clock::now() + std::chrono::seconds(30);
      for (int k = fanout.messages; k < run.expected_messages; ++k) co_await wait_delivered(run, k, deadline);
      if (options.server_pid) burst_cpu_seconds = process_cpu_seconds(options.server_pid) - cpu_before;
    } catch (const std::exception& failure) {
      error = failure.what();
    }
    run.stopping = true;
    io.stop();
  });
  if (!error.empty()) throw std::runtime_error(error);

  result.sessions = run.ready;
  Latencies each, last;
  std::int64_t burst_end = 0, burst_frames = 0;
  for (int k = 0; k < run.expected_messages; ++k) {
    std::int64_t latest = 0;
    for (std::size_t s = 0; s < run.receipts.size(); ++s) {
      const auto at = run.receipts[s][static_cast<std::size_t>(k)];
      if (at == 0) {
        if (run.is_ready[s]) ++result.lost;
        continue;
      }
      latest = std::max(latest, at);
      if (k < fanout.messages) {
        each.add((at - sent[static_cast<std::size_t>(k)]) / 1000);
      } else {
        ++burst_frames;
        burst_end = std::max(burst_end, at);
      }
    }
    if (k < fanout.messages && latest) last.add((latest - sent[static_cast<std::size_t>(k)]) / 1000);
  }
  result.p50_ms = each.percentile_ms(0.50);
  result.p99_ms = each.percentile_ms(0.99);
  result.last_p50_ms = last.percentile_ms(0.50);
  result.last_p99_ms = last.percentile_ms(0.99);
  if (fanout.burst_messages > 0 && burst_end > 0) {
    const auto span = static_cast<double>(burst_end - sent[static_cast<std::size_t>(fanout.messages)]) / 1e9;
    result.frames_per_second = static_cast<double>(burst_frames) / span;
    if (burst_frames > 0)
      result.server_cpu_us_per_frame = burst_cpu_seconds * 1e6 / static_cast<double>(burst_frames);
  }
  return result;
}

}  // namespace accord::bench
