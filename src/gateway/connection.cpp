#include "gateway/connection.hpp"

#include <spdlog/spdlog.h>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <list>

#include "gateway/compression.hpp"
#include "gateway/etf.hpp"
#include "gateway/opcodes.hpp"

namespace accord::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
// What a read waiting on an idle session reserves. Clients send little (heartbeats are ~20 bytes);
// a larger payload just takes more reads, while every idle session would hold the reservation.
constexpr std::size_t read_chunk_bytes = 256;

struct Outgoing {
  Frame frame;
  unsigned short close_code = 0;  // non-zero: close with this code instead of sending
  std::string reason = {};
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(const LiveConfig& config, Gateway& gateway, asio::thread_pool& blocking,
             asio::ip::tcp::socket socket)
      : config_(config),
        gateway_(gateway),
        blocking_(blocking),
        ws_(std::move(socket)),
        heartbeat_timer_(ws_.get_executor()) {}

  asio::awaitable<void> run(beast::http::request<beast::http::string_body> request);

 private:
  // Starts writing the next queued frame; each write's completion starts the one after. enqueue()
  // calls it when no write is in flight, so a frame for an idle connection goes out at once rather
  // than after waking a writer coroutine (which cost a timer cancellation and a second hop per frame
  // in fan-out).
  void write_next();
  // Closes the connection with 4009 when no heartbeat came for an interval and a half. A timer
  // armed for the deadline, not a coroutine polling: an idle session keeps no coroutine frame for it
  // and wakes once per interval.
  void watch_heartbeats();
  asio::awaitable<void> handle(std::string_view bytes);
  asio::awaitable<void> identify(const boost::json::value& data);
  asio::awaitable<void> resume(const boost::json::value& data);
  asio::awaitable<void> request_members(const boost::json::value& data);

  void send(std::string text) { enqueue({make_frame(std::move(text)), 0, {}}); }
  void enqueue(Outgoing item);
  void close(unsigned short code, std::string reason) { enqueue({nullptr, code, std::move(reason)}); }
  Session::Sink make_sink();

  const LiveConfig& config_;
  Gateway& gateway_;
  asio::thread_pool& blocking_;
  // Over the bare socket: the WebSocket keeps its own timer for handshake and idle timeouts, so the
  // two timers of a beast::tcp_stream would be a kilobyte per idle session for nothing.
  websocket::stream<asio::ip::tcp::socket> ws_;
  asio::steady_timer heartbeat_timer_;
  std::list<Outgoing> queue_;  // a list: an empty deque allocates, and most connections' queues are empty
  bool writing_ = false;
  Outgoing current_;           // the frame being written: its text must outlive the write
  std::string current_bytes_;  // its compressed or ETF form, when it has one
  std::size_t queued_bytes_ = 0;
  bool closing_ = false;
  bool finished_ = false;
  std::unique_ptr<StreamCompressor> compressor_;
  bool compress_each_ = false;
  bool etf_ = false;
  std::string resume_url_;
  std::shared_ptr<Session> session_;
  std::uint64_t attachment_ = 0;
  Clock::time_point last_heartbeat_ = Clock::now();
  // Payloads received in the current minute (a fixed window: a deque of timestamps per idle
  // connection cost more memory than the limit is worth).
  Clock::time_point window_start_ = Clock::now();
  std::int64_t payloads_in_window_ = 0;
};

void Connection::enqueue(Outgoing item) {
  if (finished_ || closing_) return;
  if (item.close_code != 0) {
    closing_ = true;
  } else {
    queued_bytes_ += item.frame->size();
    // A client that does not read must not make us hold unbounded memory for it.
    if (queued_bytes_ > static_cast<std::size_t>(config_.get()->gateway.max_queued_bytes)) {
      queue_.clear();
      item = {nullptr, close_code::unknown_error, "Too much data queued; reconnect and resume."};
      closing_ = true;
    }
  }
  queue_.push_back(std::move(item));
  if (!writing_) write_next();
}

Session::Sink Connection::make_sink() {
  // Dispatches arrive on service threads; hop onto this connection's strand, keeping their order.
  std::weak_ptr<Connection> self = shared_from_this();
  auto executor = ws_.get_executor();
  return [self, executor](Frame frame) {
    asio::post(executor, [self, frame = std::move(frame)]() mutable {
      auto connection = self.lock();
      if (!connection) return;
      if (frame == Session::superseded_frame()) {
        connection->close(close_code::unknown_error, "Session resumed on another connection.");
      } else {
        connection->enqueue({std::move(frame), 0, {}});
      }
    });
  };
}

void Connection::write_next() {
  if (finished_ || queue_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  current_ = std::move(queue_.front());
  queue_.pop_front();
  auto self = shared_from_this();
  if (current_.close_code != 0) {
    ws_.async_close(
        websocket::close_reason(static_cast<websocket::close_code>(current_.close_code), current_.reason),
        [self](boost::system::error_code) {
          self->finished_ = true;
          self->writing_ = false;
        });
    return;
  }
  queued_bytes_ -= current_.frame->size();
  auto written = [self](boost::system::error_code error, std::size_t) {
    // Let go of what was written at once: an idle connection should not keep its last frame.
    self->current_ = {};
    self->current_bytes_ = std::string();
    if (error) {
      self->finished_ = true;
      self->writing_ = false;
      return;
    }
    self->write_next();
  };
  const auto& frame = *current_.frame;
  if (etf_ || compressor_ || compress_each_) {
    // These transform the whole text, so they take it joined; ETF connections convert their own copy.
    const std::string joined = frame.joined();
    const std::string etf = etf_ ? etf_encode(boost::json::parse(joined)) : std::string();
    const std::string_view plain = etf_ ? std::string_view(etf) : std::string_view(joined);
    current_bytes_ = compressor_      ? compressor_->compress(plain)
                     : compress_each_ ? zlib_compress_once(plain)
                                      : std::string(plain);
    ws_.binary(true);
    ws_.async_write(asio::buffer(current_bytes_), std::move(written));
  } else {
    // Plain JSON goes out as it is: the session's head, the shared payload, the closing brace.
    ws_.binary(false);
    static constexpr char closing_brace = '}';
    const std::array<asio::const_buffer, 3> parts{
        asio::buffer(frame.head), frame.data ? asio::buffer(*frame.data) : asio::const_buffer(),
        frame.data ? asio::buffer(&closing_brace, 1) : asio::const_buffer()};
    ws_.async_write(parts, std::move(written));
  }
}

void Connection::watch_heartbeats() {
  const auto interval = std::chrono::milliseconds(config_.get()->gateway.heartbeat_interval_ms);
  // Clients heartbeat every interval; allow half an interval more for jitter and latency.
  const auto limit = interval + interval / 2;
  heartbeat_timer_.expires_at(last_heartbeat_ + limit);
  heartbeat_timer_.async_wait([weak = weak_from_this(), limit](boost::system::error_code error) {
    auto self = weak.lock();
    if (error || !self || self->finished_ || self->closing_) return;
    if (Clock::now() - self->last_heartbeat_ >= limit) {
      self->close(close_code::session_timed_out, "Session timed out.");
      return;
    }
    self->watch_heartbeats();  // a heartbeat came meanwhile: wait for the new deadline
  });
}

asio::awaitable<void> Connection::identify(const boost::json::value& data) {
  if (session_) {
    close(close_code::already_authenticated, "Already authenticated.");
    co_return;
  }
  if (const auto* d = data.if_object()) {
    if (const auto* compress = d->if_contains("compress");
        compress && compress->is_bool() && compress->as_bool()) {
      compress_each_ = !compressor_;
    }
  }
  auto sink = make_sink();
  // Results come back through captured variables, not co_return: GCC 12 miscounts non-trivial
  // temporaries returned from a coroutine (a shared_ptr lost a reference that way).
  Attached attached;
  unsigned short refused = 0;
  co_await asio::co_spawn(
      blocking_,
      [&]() -> asio::awaitable<void> {
        try {
          attached = gateway_.identify(data, sink, resume_url_);
        } catch (const CloseError& error) {
          refused = error.code;
        } catch (const std::exception& error) {
          spdlog::error("gateway identify failed: {}", error.what());
          refused = close_code::unknown_error;
        }
        co_return;
      },
      asio::use_awaitable);
  if (refused != 0) {
    close(refused, "Identify refused.");
    co_return;
  }
  session_ = std::move(attached.session);
  attachment_ = attached.attachment;
}

asio::awaitable<void> Connection::resume(const boost::json::value& data) {
  if (session_) {
    close(close_code::already_authenticated, "Already authenticated.");
    co_return;
  }
  auto sink = make_sink();
  Attached attached;
  unsigned short refused = 0;
  co_await asio::co_spawn(
      blocking_,
      [&]() -> asio::awaitable<void> {
        try {
          attached = gateway_.resume(data, sink);
        } catch (const CloseError& error) {
          refused = error.code;
        } catch (const std::exception& error) {
          // As for IDENTIFY: the database, or in a cluster the event log, failed us.
          spdlog::error("gateway resume failed: {}", error.what());
          refused = close_code::unknown_error;
        }
        co_return;
      },
      asio::use_awaitable);
  if (refused != 0) {
    close(refused, "Resume refused.");
  } else if (!attached.session) {
    send(R"({"op":9,"d":false,"s":null,"t":null})");
  } else {
    session_ = std::move(attached.session);
    attachment_ = attached.attachment;
  }
}

asio::awaitable<void> Connection::request_members(const boost::json::value& data) {
  auto session = session_;
  const auto refused = co_await asio::co_spawn(
      blocking_,
      [&]() -> asio::awaitable<unsigned short> {
        try {
          gateway_.request_members(*session, data);
          co_return 0;
        } catch (const CloseError& error) {
          co_return error.code;
        }
      },
      asio::use_awaitable);
  if (refused != 0) close(refused, "Invalid member request.");
}

asio::awaitable<void> Connection::handle(std::string_view bytes) {
  const auto now = Clock::now();
  if (now - window_start_ > std::chrono::seconds(60)) {
    window_start_ = now;
    payloads_in_window_ = 0;
  }
  if (++payloads_in_window_ > config_.get()->gateway.events_per_minute) {
    close(close_code::rate_limited, "You are being rate limited.");
    co_return;
  }
  if (static_cast<std::int64_t>(bytes.size()) > config_.get()->gateway.max_payload_bytes) {
    close(close_code::decode_error, "Payload too large.");
    co_return;
  }
  boost::json::value payload;
  if (etf_) {
    payload = etf_decode(bytes).value_or(nullptr);
  } else {
    boost::system::error_code error;
    payload = boost::json::parse(bytes, error);
    if (error) payload = nullptr;
  }
  const auto* object = payload.if_object();
  const auto* op = object ? object->if_contains("op") : nullptr;
  if (!op || !op->is_int64()) {
    close(close_code::decode_error, "Error while decoding payload.");
    co_return;
  }
  static const boost::json::value null_data;
  const auto* data_field = object->if_contains("d");
  const auto& data = data_field ? *data_field : null_data;
  const auto code = op->as_int64();
  if (!session_ && code != op::heartbeat && code != op::identify && code != op::resume) {
    close(close_code::not_authenticated, "Not authenticated.");
    co_return;
  }
  switch (code) {
    case op::heartbeat:
      last_heartbeat_ = now;
      // The client has every dispatch up to `d`; a RESUME never asks for those again.
      if (session_ && data.is_int64()) session_->acknowledge(data.as_int64());
      send(R"({"op":11,"d":null,"s":null,"t":null})");
      break;
    case op::identify:
      co_await identify(data);
      break;
    case op::resume:
      co_await resume(data);
      break;
    case op::request_guild_members:
      co_await request_members(data);
      break;
    case op::presence_update:
    case op::voice_state_update: {
      // Captured by reference only: GCC 12 drops a reference of shared_ptrs captured by value in
      // coroutine lambdas (a Session was freed under its connection that way).
      auto session = session_;
      co_await asio::co_spawn(
          blocking_,
          [&]() -> asio::awaitable<void> {
            if (code == op::presence_update) {
              gateway_.update_presence(*session, data);
            } else {
              gateway_.update_voice_state(*session, data);
            }
            co_return;
          },
          asio::use_awaitable);
      break;
    }
    default:
      close(close_code::unknown_opcode, "Unknown opcode.");
  }
}

asio::awaitable<void> Connection::run(beast::http::request<beast::http::string_body> request) {
  auto self = shared_from_this();
  std::string encoding = "json";
  std::string compress;
  std::string version = "10";
  if (auto target = boost::urls::parse_origin_form(request.target())) {
    for (auto param : target->params()) {
      if (param.key == "encoding") encoding = param.value;
      if (param.key == "compress") compress = param.value;
      if (param.key == "v") version = param.value;
    }
  }
  const auto host = request[beast::http::field::host];
  boost::system::error_code ignored;
  const auto local_port = ws_.next_layer().local_endpoint(ignored).port();
  resume_url_ = public_gateway_url(*config_.get(), std::string_view(host.data(), host.size()), local_port);

  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  // Frames are read piecewise and measured by us (close 4002); this is only the hard ceiling.
  ws_.read_message_max(64 * 1024 * 1024);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "accord/" ACCORD_VERSION);
  }));
  // A client closing with 1000/1001 ends its session. Beast answers the close frame itself, so the
  // session stops being resumable here, before that answer: a client that sees its close completed
  // and tries to RESUME must be refused, not race the cleanup below.
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind != websocket::frame_type::close || !session_) return;
    const auto code = ws_.reason().code;
    if (code == 1000 || code == 1001) gateway_.forget(session_, attachment_);
  });
  auto [accept_error] = co_await ws_.async_accept(request, use_tuple);
  if (accept_error) co_return;
  request = {};  // the upgrade request's headers are not needed for the life of the session

  etf_ = encoding == "etf";
  if (version != "6" && version != "7" && version != "8" && version != "9" && version != "10") {
    close(close_code::invalid_api_version, "Invalid API version.");
  } else if (encoding != "json" && encoding != "etf") {
    close(close_code::decode_error, "encoding must be json or etf.");
  } else if (compress == "zlib-stream") {
    compressor_ = make_zlib_stream(static_cast<int>(config_.get()->gateway.zlib_window_bits),
                                   static_cast<int>(config_.get()->gateway.zlib_memory_level));
  } else if (compress == "zstd-stream") {
    compressor_ = make_zstd_stream();
  } else if (!compress.empty()) {
    close(close_code::decode_error, "Unknown compression.");
  }
  send(R"({"op":10,"s":null,"t":null,"d":{"heartbeat_interval":)" +
       std::to_string(config_.get()->gateway.heartbeat_interval_ms) + "}}");
  watch_heartbeats();

  beast::flat_buffer buffer;
  const auto limit = static_cast<std::size_t>(config_.get()->gateway.max_payload_bytes);
  bool client_ended_session = false;
  while (!finished_) {
    buffer.clear();
    boost::system::error_code read_error;
    bool oversize = false;
    // Read a message piece by piece so an oversized one is refused with 4002 before it is held whole.
    do {
      std::size_t bytes = 0;
      std::tie(read_error, bytes) = co_await ws_.async_read_some(buffer, read_chunk_bytes, use_tuple);
      if (!read_error && buffer.size() > limit) {
        oversize = true;
        break;
      }
    } while (!read_error && !ws_.is_message_done());
    if (read_error) {
      const auto code = ws_.reason().code;
      client_ended_session = read_error == websocket::error::closed && (code == 1000 || code == 1001);
      break;
    }
    if (closing_) continue;
    if (oversize) {
      close(close_code::decode_error, "Payload too large.");
      continue;
    }
    co_await handle(beast::buffers_to_string(buffer.data()));
    buffer.clear();
    buffer.shrink_to_fit();  // an idle session should not keep its largest message's buffer
  }
  finished_ = true;
  if (session_) {
    if (client_ended_session) {
      // Ending a session takes presence and voice state with it, which reads the database: not on
      // an io thread.
      co_await asio::co_spawn(
          blocking_,
          [&]() -> asio::awaitable<void> {
            gateway_.end(session_, attachment_);
            co_return;
          },
          asio::use_awaitable);
    } else {
      gateway_.release(session_, attachment_);
    }
  }
}

}  // namespace

void serve_connection(const LiveConfig& config, Gateway& gateway, asio::thread_pool& blocking,
                      beast::tcp_stream stream, beast::http::request<beast::http::string_body> request,
                      std::shared_ptr<void> slot) {
  stream.expires_never();  // the WebSocket's own timeouts take over
  auto executor = stream.get_executor();
  auto connection = std::make_shared<Connection>(config, gateway, blocking, stream.release_socket());
  // No coroutine of our own waits for run(): its completion handler holds the connection (run() is a
  // member coroutine and must not outlive it) and the address's slot.
  auto finished = [connection, slot = std::move(slot)](std::exception_ptr) {};
  asio::co_spawn(executor, connection->run(std::move(request)), std::move(finished));
}

}  // namespace accord::gateway
