#include "voice/voice_gateway.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <deque>

#include "core/form.hpp"
#include "voice/video_signal.hpp"

namespace accord::voice {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;
using Stream = websocket::stream<asio::ssl::stream<beast::tcp_stream>>;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Voice opcodes (discord.md §7.2).
namespace op {
constexpr int identify = 0;
constexpr int select_protocol = 1;
constexpr int ready = 2;
constexpr int heartbeat = 3;
constexpr int session_description = 4;
constexpr int speaking = 5;
constexpr int heartbeat_ack = 6;
constexpr int resume = 7;
constexpr int hello = 8;
constexpr int resumed = 9;
constexpr int clients_connect = 11;
constexpr int video = 12;
constexpr int client_disconnect = 13;
}  // namespace op

// The server's own nonce counter per receiver starts half-way round, so it stays clear of the
// client's counter (from 0 up) under the one key both directions share.
constexpr std::uint32_t server_first_nonce = 0x80000000u;

std::string text_field(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

Snowflake id_field_or_zero(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  const auto id = value ? snowflake_value(*value) : std::nullopt;
  return id.value_or(0);
}

std::string speaking_json(const VoiceSession& session) {
  return boost::json::serialize(boost::json::object{
      {"user_id", to_string(session.user_id)}, {"ssrc", session.ssrc}, {"speaking", session.speaking}});
}

std::string clients_connect_json(const std::vector<Snowflake>& user_ids) {
  boost::json::array ids;
  for (auto id : user_ids) ids.push_back(boost::json::value(to_string(id)));
  return boost::json::serialize(boost::json::object{{"user_ids", std::move(ids)}});
}

class Connection : public VoiceClient, public std::enable_shared_from_this<Connection> {
 public:
  Connection(VoiceContext& context, asio::ssl::stream<beast::tcp_stream> stream)
      : context_(context), ws_(std::move(stream)), wake_(ws_.get_executor()) {}

  asio::awaitable<void> run();

  void send_text(std::string text) override;
  void send_binary(std::string bytes) override;
  void close(unsigned short code, std::string reason) override;
  void session_gone() override { session_ = nullptr; }

 private:
  struct Outgoing {
    std::string text;
    unsigned short close_code = 0;
    bool binary = false;
  };
  asio::awaitable<void> write_loop();
  asio::awaitable<void> watchdog();
  asio::awaitable<void> wait_for_grant(std::string_view text);
  void handle(std::string_view text);
  void identify(const boost::json::object& d);
  void resume(const boost::json::object& d);
  void select_protocol(const boost::json::object& d);
  void heartbeat(const boost::json::value& d);
  void speaking(const boost::json::object& d);
  void video(const boost::json::object& d);
  void handle_dave_json(int code, const boost::json::value& d);
  void handle_dave_binary(std::string_view frame);
  void attach(VoiceSession& session);
  void connection_ended(bool client_left);

  VoiceContext& context_;
  Stream ws_;
  asio::steady_timer wake_;
  std::deque<Outgoing> queue_;
  bool closing_ = false;
  unsigned short close_code_ = 0;
  bool finished_ = false;
  int version_ = 8;
  VoiceSession* session_ = nullptr;  // cleared when the session ends or another connection takes it
  Clock::time_point last_heartbeat_ = Clock::now();
};

void Connection::send_text(std::string text) {
  if (finished_ || closing_) return;
  queue_.push_back({std::move(text), 0});
  wake_.cancel_one();
}

void Connection::send_binary(std::string bytes) {
  if (finished_ || closing_) return;
  queue_.push_back({std::move(bytes), 0, true});
  wake_.cancel_one();
}

void Connection::close(unsigned short code, std::string reason) {
  if (finished_ || closing_) return;
  closing_ = true;
  close_code_ = code;
  queue_.push_back({std::move(reason), code});
  wake_.cancel_one();
}

asio::awaitable<void> Connection::write_loop() {
  auto self = shared_from_this();
  for (;;) {
    while (queue_.empty() && !finished_) {
      wake_.expires_at(Clock::time_point::max());
      co_await wake_.async_wait(use_tuple);
    }
    if (queue_.empty()) co_return;
    auto item = std::move(queue_.front());
    queue_.pop_front();
    if (item.close_code != 0) {
      websocket::close_reason reason(static_cast<websocket::close_code>(item.close_code), item.text);
      co_await ws_.async_close(reason, use_tuple);
      finished_ = true;
      co_return;
    }
    ws_.binary(item.binary);
    auto [error, written] = co_await ws_.async_write(asio::buffer(item.text), use_tuple);
    if (error) {
      finished_ = true;
      co_return;
    }
  }
}

asio::awaitable<void> Connection::watchdog() {
  auto self = shared_from_this();
  asio::steady_timer timer(ws_.get_executor());
  while (!finished_ && !closing_) {
    timer.expires_after(std::chrono::seconds(1));
    co_await timer.async_wait(use_tuple);
    const auto interval = std::chrono::milliseconds(context_.config.get()->voice.heartbeat_interval_ms);
    // Clients beat once per interval (the first one a whole interval in); two missed is a dead peer.
    if (!finished_ && !closing_ && Clock::now() - last_heartbeat_ > 2 * interval + std::chrono::seconds(1)) {
      close(voice_close::session_timeout, "Session timed out.");
    }
  }
}

void Connection::attach(VoiceSession& session) {
  if (session.client && session.client != this) {
    session.client->session_gone();
    session.client->close(voice_close::session_invalid, "Resumed elsewhere.");
  }
  session.client = this;
  session.version = version_;
  session_ = &session;
}

void Connection::identify(const boost::json::object& d) {
  if (session_) return close(voice_close::already_authenticated, "Already authenticated.");
  const auto guild_id = id_field_or_zero(d, "server_id");
  const auto user_id = id_field_or_zero(d, "user_id");
  const auto session_id = text_field(d, "session_id");
  const auto token = text_field(d, "token");
  const auto grant = context_.voice_states.grant(guild_id, user_id, session_id, token);
  if (!grant) return close(voice_close::authentication_failed, "Authentication failed.");
  std::unique_ptr<VoiceSession> replaced;
  auto& session = context_.sessions.add(guild_id, user_id, *grant, replaced);
  if (replaced) {
    context_.dave.leave(replaced->channel_id(), user_id);
    for (auto* peer : context_.sessions.channel(replaced->channel_id()))
      peer->send(op::client_disconnect,
                 boost::json::serialize(boost::json::object{{"user_id", to_string(user_id)}}));
    if (replaced->client) {
      replaced->client->session_gone();
      replaced->client->close(voice_close::session_invalid, "Session replaced.");
    }
  }
  session.session_id = session_id;
  session.token = token;
  // DAVE needs binary frames, which exist from voice gateway v8 on.
  if (const auto* dave = d.if_contains("max_dave_protocol_version");
      dave && dave->is_int64() && version_ >= 8)
    session.max_dave_version = static_cast<int>(std::clamp<std::int64_t>(dave->as_int64(), 0, 1));
  context_.sessions.add_streams(session, requested_streams(d));
  attach(session);
  boost::json::array modes;
  for (auto mode : offered_modes(*context_.config.get()))
    modes.push_back(boost::json::value(encryption_mode_name(mode)));
  session.send(op::ready, boost::json::serialize(boost::json::object{{"ssrc", session.ssrc},
                                                                     {"ip", context_.udp_ip},
                                                                     {"port", context_.udp_port},
                                                                     {"modes", std::move(modes)},
                                                                     {"experiments", boost::json::array{}},
                                                                     {"streams", ready_streams(session)}}));
}

void Connection::resume(const boost::json::object& d) {
  if (session_) return close(voice_close::already_authenticated, "Already authenticated.");
  const auto guild_id = id_field_or_zero(d, "server_id");
  const auto session_id = text_field(d, "session_id");
  const auto token = text_field(d, "token");
  VoiceSession* found = nullptr;
  for (auto* session : context_.sessions.all()) {
    if (session->guild_id == guild_id && session->session_id == session_id && session->token == token)
      found = session;
  }
  // The voice state must still be the one this session was made for (not left, not moved).
  if (!found || !context_.voice_states.grant(guild_id, found->user_id, session_id, token))
    return close(voice_close::session_invalid, "Session is no longer valid.");
  attach(*found);
  send_text(R"({"op":9,"d":null})");
  // v8 buffered resume: what the client has not acknowledged, in order.
  std::int64_t seq_ack = -1;
  if (const auto* ack = d.if_contains("seq_ack"); ack && ack->is_int64()) seq_ack = ack->as_int64();
  found->acknowledge(seq_ack);
  for (const auto& message : found->unacknowledged) {
    if (message.binary) {
      send_binary(message.data);
    } else {
      send_text(message.data);
    }
  }
}

void Connection::select_protocol(const boost::json::object& d) {
  if (!session_) return close(voice_close::not_authenticated, "Not authenticated.");
  if (text_field(d, "protocol") != "udp") return close(voice_close::unknown_protocol, "Unknown protocol.");
  const auto* data = d.if_contains("data");
  const auto* data_object = data ? data->if_object() : nullptr;
  if (!data_object) return close(voice_close::decode_error, "SELECT_PROTOCOL needs data.");
  const auto mode = parse_encryption_mode(text_field(*data_object, "mode"));
  const auto offered = offered_modes(*context_.config.get());
  if (!mode || std::find(offered.begin(), offered.end(), *mode) == offered.end())
    return close(voice_close::unknown_encryption_mode, "Unknown encryption mode.");
  auto& session = *session_;
  if (!session.udp) {
    // No IP discovery seen (yet): take the address the client says it has.
    boost::system::error_code error;
    const auto address = asio::ip::make_address_v4(text_field(*data_object, "address"), error);
    const auto* port = data_object->if_contains("port");
    if (!error && port && port->is_int64() && port->as_int64() > 0 && port->as_int64() < 65536)
      session.udp = UdpPeer{address.to_uint(), static_cast<std::uint16_t>(port->as_int64())};
  }
  // The video codec is the client's first choice: the SFU forwards any payload type as it is, and
  // receivers learn the codec from its payload type in `codecs` (every client offers the same).
  std::string video_codec;
  if (const auto* codecs = d.if_contains("codecs"); codecs && codecs->is_array()) {
    for (const auto& codec : codecs->as_array()) {
      const auto* object = codec.if_object();
      if (object && text_field(*object, "type") == "video" && video_codec.empty())
        video_codec = video_signal_text(*object, "name");
    }
  }
  const bool first_time = !session.connected();
  // The call's DAVE version: 1 when every member has DAVE, else 0 (E2EE is not mandatory).
  const bool dave_allowed = context_.config.get()->voice.dave != "off";
  const int dave_version =
      first_time ? context_.dave.join(session, dave_allowed) : context_.dave.version(session.channel_id());
  const auto key = random_secret_key();
  session.cipher = std::make_unique<TransportCipher>(*mode, key, server_first_nonce);
  boost::json::array key_bytes;
  for (auto byte : key) key_bytes.push_back(byte);
  session.send(op::session_description,
               boost::json::serialize(
                   boost::json::object{{"mode", encryption_mode_name(*mode)},
                                       {"secret_key", std::move(key_bytes)},
                                       {"audio_codec", "opus"},
                                       {"video_codec", video_codec.empty() ? boost::json::value(nullptr)
                                                                           : boost::json::value(video_codec)},
                                       {"media_session_id", to_string(session.ssrc)},
                                       {"dave_protocol_version", dave_version}}));
  if (!first_time) return;
  context_.dave.connected(session);
  // Everyone learns who else is here and which SSRC is whose before any media flows: receivers
  // drop packets from SSRCs they cannot map to a user.
  const auto peers = context_.sessions.peers(session);
  if (peers.empty()) return;
  std::vector<Snowflake> ids;
  for (auto* peer : peers) ids.push_back(peer->user_id);
  session.send(op::clients_connect, clients_connect_json(ids));
  for (auto* peer : peers) session.send(op::speaking, speaking_json(*peer));
  // And whose video SSRCs are whose (a member's own op 12 reached those connected before it).
  for (auto* peer : peers)
    if (peer->video_active && peer->grant.video) session.send(op::video, peer->video_json);
  const auto me = clients_connect_json({session.user_id});
  const auto my_speaking = speaking_json(session);
  for (auto* peer : peers) {
    peer->send(op::clients_connect, me);
    peer->send(op::speaking, my_speaking);
  }
}

void Connection::heartbeat(const boost::json::value& d) {
  last_heartbeat_ = Clock::now();
  if (const auto* object = d.if_object()) {
    // v8: {t, seq_ack}; the answer echoes t.
    if (const auto* ack = object->if_contains("seq_ack"); session_ && ack && ack->is_int64())
      session_->acknowledge(ack->as_int64());
    const auto* t = object->if_contains("t");
    send_text(R"({"op":6,"d":{"t":)" + (t ? boost::json::serialize(*t) : std::string("null")) + "}}");
  } else {
    send_text(R"({"op":6,"d":)" + boost::json::serialize(d) + "}");  // before v8: a bare nonce
  }
}

void Connection::speaking(const boost::json::object& d) {
  if (!session_) return close(voice_close::not_authenticated, "Not authenticated.");
  auto& session = *session_;
  const auto* flags = d.if_contains("speaking");
  if (flags && flags->is_int64()) session.speaking = flags->as_int64();
  if (flags && flags->is_bool()) session.speaking = flags->as_bool() ? 1 : 0;  // before v4
  // A server-muted member is not shown speaking; its media is dropped too.
  if (session.grant.mute) return;
  const auto text = speaking_json(session);
  for (auto* peer : context_.sessions.peers(session)) peer->send(op::speaking, text);
}

void Connection::video(const boost::json::object& d) {
  auto& session = *session_;
  // Receivers map SSRCs to users by op 12, so a claim on someone else's SSRC would show their media
  // as this member's: such an op 12 is refused, neither recorded nor relayed.
  auto announcement = video_announcement(session, d);
  if (!announcement) {
    spdlog::debug("voice gateway: op 12 from user {} names SSRCs it does not own; not relayed",
                  session.user_id);
    return;
  }
  session.video_json = std::move(announcement->json);
  session.video_active = announcement->active;
  // Like SPEAKING from a server-muted member: without STREAM its video goes nowhere, so it is not
  // announced either.
  if (!session.grant.video) return;
  for (auto* peer : context_.sessions.peers(session))
    if (peer->connected()) peer->send(op::video, session.video_json);
}

void Connection::handle_dave_json(int code, const boost::json::value& d) {
  // Ops 23 and 31 carry {transition_id}.
  std::int64_t transition_id = -1;
  if (const auto* object = d.if_object()) {
    if (const auto* id = object->if_contains("transition_id"); id && id->is_int64())
      transition_id = id->as_int64();
  }
  context_.dave.handle_json(*session_, code, transition_id);
}

void Connection::handle_dave_binary(std::string_view frame) {
  // Client to server: u8 opcode ‖ payload (no seq).
  if (frame.empty()) return;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(frame.data());
  context_.dave.handle_binary(*session_, bytes[0], mls::ByteView(bytes + 1, frame.size() - 1));
}

void Connection::handle(std::string_view text) {
  boost::system::error_code error;
  const auto payload = boost::json::parse(text, error);
  const auto* object = error ? nullptr : payload.if_object();
  const auto* op_field = object ? object->if_contains("op") : nullptr;
  if (!op_field || !op_field->is_int64())
    return close(voice_close::decode_error, "Failed to decode payload.");
  static const boost::json::value null_data;
  const auto* data_field = object->if_contains("d");
  const auto& data = data_field ? *data_field : null_data;
  const auto code = static_cast<int>(op_field->as_int64());
  if (code == op::heartbeat) return heartbeat(data);
  if (code == op::identify || code == op::resume || code == op::select_protocol || code == op::speaking ||
      code == op::video) {
    const auto* d = data.if_object();
    if (!d) return close(voice_close::decode_error, "Payload d must be an object.");
    if (code == op::identify) return identify(*d);
    if (code == op::resume) return resume(*d);
    if (code == op::select_protocol) return select_protocol(*d);
    if (code == op::video) {
      if (!session_) return close(voice_close::not_authenticated, "Not authenticated.");
      return video(*d);
    }
    return speaking(*d);
  }
  if (!session_) return close(voice_close::not_authenticated, "Not authenticated.");
  switch (code) {
    case 14:   // session update
    case 15:   // media sink wants
    case 16:   // backend version
      return;  // official clients' extras: nothing to do for the SFU
    case dave_op::transition_ready:
    case dave_op::invalid_commit_welcome:
      return handle_dave_json(code, data);
    default:
      return close(voice_close::unknown_opcode, "Unknown opcode.");
  }
}

void Connection::connection_ended(bool client_left) {
  if (!session_) return;
  auto* session = session_;
  session_ = nullptr;
  if (session->client != this) return;
  // Resumable: a dropped socket, and the codes clients resume after (below 4000, and 4015).
  const bool final_close = close_code_ >= 4000 && close_code_ != 4015;
  if (client_left || final_close) {
    // @discordjs/voice closes with 1000 when it is destroyed: it will not resume.
    end_voice_session(context_, session->guild_id, session->user_id, 0, {});
  } else {
    session->client = nullptr;
    session->detached_at = Clock::now();
  }
}

// In a cluster the token a client brings may have been issued on another node a moment ago, and
// its grant still be on its way here through the bus: an IDENTIFY waits up to 2 s for it.
asio::awaitable<void> Connection::wait_for_grant(std::string_view text) {
  boost::system::error_code error;
  const auto payload = boost::json::parse(text, error);
  const auto* object = error ? nullptr : payload.if_object();
  const auto* op_field = object ? object->if_contains("op") : nullptr;
  const auto* data = object ? object->if_contains("d") : nullptr;
  if (!op_field || !op_field->is_int64() || op_field->as_int64() != op::identify || !data ||
      !data->is_object())
    co_return;
  const auto& d = data->as_object();
  const auto guild_id = id_field_or_zero(d, "server_id");
  const auto user_id = id_field_or_zero(d, "user_id");
  const auto session_id = text_field(d, "session_id");
  const auto token = text_field(d, "token");
  asio::steady_timer pause(ws_.get_executor());
  for (int attempt = 0; attempt < 40 && !finished_; ++attempt) {
    if (context_.voice_states.grant(guild_id, user_id, session_id, token)) co_return;
    pause.expires_after(std::chrono::milliseconds(50));
    co_await pause.async_wait(use_tuple);
  }
}

asio::awaitable<void> Connection::run() {
  auto self = shared_from_this();
  auto& tcp = beast::get_lowest_layer(ws_);
  tcp.expires_after(std::chrono::seconds(10));
  auto [handshake_error] =
      co_await ws_.next_layer().async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (handshake_error) co_return;
  beast::flat_buffer buffer;
  beast::http::request<beast::http::string_body> request;
  auto [read_error, read] = co_await beast::http::async_read(ws_.next_layer(), buffer, request, use_tuple);
  if (read_error || !websocket::is_upgrade(request)) co_return;
  std::string version;
  if (auto target = boost::urls::parse_origin_form(request.target())) {
    for (auto param : target->params())
      if (param.key == "v") version = param.value;
  }
  tcp.expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(64 * 1024);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "accord/" ACCORD_VERSION);
  }));
  auto [accept_error] = co_await ws_.async_accept(request, use_tuple);
  if (accept_error) co_return;
  asio::co_spawn(ws_.get_executor(), write_loop(), asio::detached);
  if (version.size() != 1 || version[0] < '4' || version[0] > '8') {
    close(voice_close::bad_request, "Voice gateway versions 4 to 8 are supported.");
  } else {
    version_ = version[0] - '0';
    // Clients may IDENTIFY before HELLO arrives (@discordjs/voice does): either order works.
    const auto interval = context_.config.get()->voice.heartbeat_interval_ms;
    send_text(R"({"op":8,"d":{"v":)" + version + R"(,"heartbeat_interval":)" + std::to_string(interval) +
              "}}");
    asio::co_spawn(ws_.get_executor(), watchdog(), asio::detached);
  }

  bool client_left = false;
  buffer.clear();
  while (!finished_) {
    auto [error, bytes] = co_await ws_.async_read(buffer, use_tuple);
    if (error) {
      const auto code = ws_.reason().code;
      client_left = error == websocket::error::closed && (code == 1000 || code == 1001);
      break;
    }
    if (!closing_ && ws_.got_text()) {
      const auto text = beast::buffers_to_string(buffer.data());
      if (!session_ && context_.voice_states.grants_arrive_late()) co_await wait_for_grant(text);
      // Untrusted input must not end the coroutine by an exception: the session would keep a
      // pointer to this connection past its end.
      try {
        handle(text);
      } catch (const std::exception& failure) {
        spdlog::warn("voice gateway: closing a connection after {}", failure.what());
        close(voice_close::decode_error, "Failed to handle payload.");
      }
    } else if (!closing_ && session_) {
      // Binary frames are DAVE's MLS messages (op in the first byte).
      try {
        handle_dave_binary(beast::buffers_to_string(buffer.data()));
      } catch (const std::exception& failure) {
        spdlog::warn("voice gateway: closing a connection after {}", failure.what());
        close(voice_close::decode_error, "Failed to handle payload.");
      }
    }
    buffer.consume(buffer.size());
  }
  finished_ = true;
  wake_.cancel();
  connection_ended(client_left);
}

}  // namespace

std::vector<EncryptionMode> offered_modes(const Config& config) {
  std::vector<EncryptionMode> modes;
  std::string_view list = config.voice.modes;
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (auto mode = parse_encryption_mode(item);
        mode && std::find(modes.begin(), modes.end(), *mode) == modes.end())
      modes.push_back(*mode);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (modes.empty()) modes = {EncryptionMode::aes256_gcm_rtpsize, EncryptionMode::xchacha20_poly1305_rtpsize};
  return modes;
}

void end_voice_session(VoiceContext& context, Snowflake guild_id, Snowflake user_id, unsigned short code,
                       const std::string& reason) {
  auto session = context.sessions.remove(guild_id, user_id);
  if (!session) return;
  context.dave.leave(session->channel_id(), user_id);
  if (session->client) {
    session->client->session_gone();
    if (code != 0) session->client->close(code, reason);
  }
  const auto gone = boost::json::serialize(boost::json::object{{"user_id", to_string(user_id)}});
  for (auto* peer : context.sessions.channel(session->channel_id())) peer->send(op::client_disconnect, gone);
}

asio::awaitable<void> serve_voice_connection(VoiceContext& context,
                                             asio::ssl::stream<beast::tcp_stream> stream) {
  auto connection = std::make_shared<Connection>(context, std::move(stream));
  co_await connection->run();
}

}  // namespace accord::voice
