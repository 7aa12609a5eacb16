#include "http/server.hpp"
#include "core/text.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/api_error.hpp"
#include "gateway/connection.hpp"

namespace accord {
namespace {

// API reads run on the io thread that holds the connection. SQLite in WAL mode never makes a reader
// wait for the writer, and handing a request to the blocking pool and back cost about a third of a
// GET /users/@me's CPU (two thread wake-ups and a coroutine). Writes (which may wait for SQLite's
// write lock or hash a password), search, and the CDN (image conversion) still go to the pool. With
// PostgreSQL (reads_on_io_threads false) every request goes to the pool.
bool runs_on_io_thread(const Request& request, bool reads_on_io_threads) {
  return reads_on_io_threads && request.method == "GET" && request.path.starts_with("/api/") &&
         request.path.find("/search") == std::string::npos;
}

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Whether `address` is in a comma-separated list of addresses.
bool listed_address(std::string_view list, std::string_view address) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty() && item == address) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// Converts Beast's request to ours; false when the target is not a valid origin-form URL.
bool to_request(http::request<http::string_body>& in, const std::string& remote, std::uint16_t local_port,
                std::size_t max_json, const std::string& trusted_proxies, Request& out) {
  auto target = boost::urls::parse_origin_form(in.target());
  if (!target) return false;
  out.method = std::string(in.method_string());
  out.path = std::string(target->path());
  for (auto param : target->params()) out.query.emplace_back(param.key, param.value);
  for (const auto& field : in) out.headers.emplace_back(lowercase(field.name_string()), field.value());
  out.body = std::move(in.body());
  out.remote_address = remote;
  // Behind a trusted proxy the client is the last address the proxy appended to X-Forwarded-For.
  if (listed_address(trusted_proxies, remote)) {
    if (const auto forwarded = out.header("x-forwarded-for")) {
      auto last =
          forwarded->substr(forwarded->rfind(',') == std::string_view::npos ? 0 : forwarded->rfind(',') + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
      if (!last.empty()) out.remote_address = std::string(last);
    }
  }
  out.local_port = local_port;
  out.max_json_bytes = max_json;
  return true;
}

// Reads and drops what the peer still sends, up to `limit` bytes or a few seconds.
asio::awaitable<void> discard_input(beast::tcp_stream& stream, std::size_t limit) {
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(5));
  std::vector<char> scratch(64 * 1024);
  std::size_t total = 0;
  while (total < limit) {
    auto [error, read] = co_await stream.async_read_some(asio::buffer(scratch), use_tuple);
    if (error) break;
    total += read;
  }
}

// A browser asks before a cross-origin request with an Authorization header or a JSON body.
Response cors_preflight() {
  auto response = Response::no_content();
  response.headers = {
      {"Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"},
      {"Access-Control-Allow-Headers",
       "Authorization, Content-Type, X-Audit-Log-Reason, X-Super-Properties, X-Discord-Locale, "
       "X-Debug-Options"},
      {"Access-Control-Max-Age", "86400"},
  };
  return response;
}

http::response<http::string_body> to_beast(const Response& response, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(response.status), version};
  out.set(http::field::server, "accord/" ACCORD_VERSION);
  // Any origin may call the API: tokens travel in the Authorization header, never in cookies, and a
  // web client signed in to several instances at once needs exactly this.
  out.set(http::field::access_control_allow_origin, "*");
  if (!response.content_type.empty()) out.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) out.set(name, value);
  out.body() = response.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

}  // namespace

// Counts one connection of an address while it lives; more than the limit are refused at once.
class ConnectionSlots {
 public:
  std::shared_ptr<void> take(const std::string& address, std::int64_t limit) {
    std::lock_guard lock(mutex_);
    auto& count = counts_[address];
    if (limit > 0 && count >= limit) {
      if (count == 0) counts_.erase(address);
      return nullptr;
    }
    ++count;
    // Points at the counter itself: a slot must test true, and it owns nothing.
    return std::shared_ptr<void>(static_cast<void*>(this), [this, address](void*) { give_back(address); });
  }

 private:
  void give_back(const std::string& address) {
    std::lock_guard lock(mutex_);
    if (auto it = counts_.find(address); it != counts_.end() && --it->second <= 0) counts_.erase(it);
  }
  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> counts_;
};

struct HttpServer::Impl {
  Impl(const LiveConfig& config_, const Router& router_, gateway::Gateway* gateway_)
      : config(config_),
        router(router_),
        gateway(gateway_),
        blocking(static_cast<std::size_t>(std::max<std::int64_t>(config_.get()->node.blocking_threads, 1))) {}

  asio::awaitable<void> serve(beast::tcp_stream stream);
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> repeat(std::size_t index);

  const LiveConfig& config;
  const Router& router;
  gateway::Gateway* gateway;
  asio::io_context io;
  asio::thread_pool blocking;
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io, SIGINT, SIGTERM};
  std::vector<std::pair<std::chrono::seconds, std::function<void()>>> periodic;
  ConnectionSlots slots;
  bool reads_on_io_threads = true;
};

asio::awaitable<void> HttpServer::Impl::serve(beast::tcp_stream stream) {
  boost::system::error_code ignored;
  const auto endpoint = stream.socket().remote_endpoint(ignored);
  const std::string remote = endpoint.address().to_string();
  // A trusted reverse proxy carries many people's connections: it is not one abusive address.
  const bool from_proxy = listed_address(config.get()->http.trusted_proxies, remote);
  auto slot = slots.take(remote, from_proxy ? 0 : config.get()->http.max_connections_per_ip);
  if (!slot) {
    // Too many at once from one address: closed before a byte is read, as Discord's edge would.
    stream.socket().close(ignored);
    co_return;
  }
  const auto local_port = stream.socket().local_endpoint(ignored).port();
  const auto idle = std::chrono::seconds(config.get()->http.idle_timeout_seconds);
  beast::flat_buffer buffer;

  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(static_cast<std::uint64_t>(config.get()->http.max_body_bytes));
    parser.header_limit(16 * 1024);
    stream.expires_after(idle);
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (read_error) {
      // Tell a client that sent too much why we hang up; anything else just ends the connection.
      if (read_error == http::error::body_limit) {
        auto out = to_beast(Response::error(ApiError::too_large()), 11, false);
        co_await http::async_write(stream, out, use_tuple);
        // Closing while the client is still sending resets the connection, and its write fails
        // before it reads our answer (then bot libraries retry the whole upload). Read and drop the
        // rest first, within bounds, so the 413 is what the client sees.
        // Bounded by bytes and by time (5 s): a client can make us read, never forever.
        const auto drain = std::max<std::size_t>(
            static_cast<std::size_t>(config.get()->http.max_body_bytes) * 4, std::size_t{64} * 1024 * 1024);
        co_await discard_input(stream, drain);
      }
      break;
    }
    auto& message = parser.get();
    if (beast::websocket::is_upgrade(message) && gateway && !message.target().starts_with("/api")) {
      buffer.clear();
      buffer.shrink_to_fit();  // the session lives long; this buffer held only the upgrade request
      // The session runs in a coroutine of its own, so this one's frame (parser, buffers, Request)
      // is freed instead of living as long as the WebSocket.
      gateway::serve_connection(config, *gateway, blocking, std::move(stream), parser.release(),
                                std::move(slot));
      co_return;
    }
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();

    Request request;
    Response response;
    if (message.method() == http::verb::options) {
      response = cors_preflight();
    } else if (!to_request(message, remote, local_port,
                           static_cast<std::size_t>(config.get()->http.max_json_body_bytes),
                           config.get()->http.trusted_proxies, request)) {
      response = Response::error(ApiError::route_not_found());
    } else if (runs_on_io_thread(request, reads_on_io_threads)) {
      response = router.handle(request);
    } else {
      // Written through the reference rather than co_returned: GCC 12 mishandles non-trivial
      // temporaries returned from coroutines (it dropped a shared_ptr reference in the gateway).
      co_await asio::co_spawn(
          blocking,
          [&]() -> asio::awaitable<void> {
            response = router.handle(request);
            co_return;
          },
          asio::use_awaitable);
    }
    auto out = to_beast(response, version, keep_alive);
    stream.expires_after(idle);
    auto [write_error, written] = co_await http::async_write(stream, out, use_tuple);
    if (write_error || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_tuple);
    if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (error) {
      spdlog::warn("accept failed: {}", error.message());
      continue;
    }
    socket.set_option(tcp::no_delay(true), error);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve(beast::tcp_stream(std::move(socket))), asio::detached);
  }
}

asio::awaitable<void> HttpServer::Impl::repeat(std::size_t index) {
  asio::steady_timer timer(io);
  for (;;) {
    timer.expires_after(periodic[index].first);
    auto [error] = co_await timer.async_wait(use_tuple);
    if (error) co_return;
    co_await asio::co_spawn(
        blocking,
        [&]() -> asio::awaitable<void> {
          try {
            periodic[index].second();
          } catch (const std::exception& failure) {
            spdlog::error("periodic task failed: {}", failure.what());
          }
          co_return;
        },
        asio::use_awaitable);
  }
}

HttpServer::HttpServer(const LiveConfig& config, const Router& router, gateway::Gateway* gateway)
    : impl_(std::make_unique<Impl>(config, router, gateway)) {}

HttpServer::~HttpServer() {
  impl_->io.stop();
  impl_->blocking.join();
}

void HttpServer::set_api_reads_on_io_threads(bool on_io_threads) {
  impl_->reads_on_io_threads = on_io_threads;
}

void HttpServer::every(std::chrono::seconds interval, std::function<void()> task) {
  impl_->periodic.emplace_back(interval, std::move(task));
}

std::uint16_t HttpServer::listen(const std::string& host, std::uint16_t port) {
  const tcp::endpoint endpoint(asio::ip::make_address(host), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  for (std::size_t i = 0; i < impl_->periodic.size(); ++i)
    asio::co_spawn(impl_->io, impl_->repeat(i), asio::detached);
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::run() {
  impl_->signals.async_wait([this](const boost::system::error_code& error, int signal) {
    if (!error) spdlog::info("signal {}: shutting down", signal);
    stop();
  });
  auto count = impl_->config.get()->node.io_threads;
  if (count <= 0) count = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (std::int64_t i = 1; i < count; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : threads) thread.join();
}

void HttpServer::stop() {
  asio::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->signals.cancel(ignored);
    impl_->io.stop();
  });
}

}  // namespace accord
