#include "voice/voice_server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <fstream>
#include <thread>

#include "voice/tls_certificate.hpp"
#include "voice/udp_media.hpp"
#include "voice/voice_gateway.hpp"

namespace accord::voice {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::pair<std::string, std::uint16_t> split_host_port(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("voice.listen must be HOST:PORT, got " + listen);
  return {listen.substr(0, colon), static_cast<std::uint16_t>(std::stoul(listen.substr(colon + 1)))};
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code error;
  asio::ip::make_address(host, error);
  return !error;
}

}  // namespace

struct VoiceServer::Impl {
  Impl(const LiveConfig& config_, VoiceStateService& voice_states_, std::filesystem::path data_dir_)
      : config(config_),
        voice_states(voice_states_),
        data_dir(std::move(data_dir_)),
        dave(sessions),
        context{config_, voice_states_, sessions, dave, {}, 0} {}

  void load_tls(const std::string& public_host, const std::string& listen_host);
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> sweep_loop();
  void apply(const VoiceChange& change);

  const LiveConfig& config;
  VoiceStateService& voice_states;
  std::filesystem::path data_dir;
  asio::io_context io{1};
  asio::ssl::context tls{asio::ssl::context::tls_server};
  tcp::acceptor acceptor{io};
  VoiceSessions sessions;
  DaveService dave;
  VoiceContext context;
  std::unique_ptr<UdpMedia> udp;
  std::thread thread;
};

void VoiceServer::Impl::load_tls(const std::string& public_host, const std::string& listen_host) {
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  const auto& voice = config.get()->voice;
  if (!voice.tls_cert.empty()) {
    tls.use_certificate_chain_file(voice.tls_cert);
    tls.use_private_key_file(voice.tls_key.empty() ? voice.tls_cert : voice.tls_key, asio::ssl::context::pem);
    return;
  }
  std::vector<std::string> names = {"IP:127.0.0.1", "DNS:localhost"};
  for (const auto& host : {public_host, listen_host}) {
    if (host.empty() || host == "127.0.0.1" || host == "localhost" || host == "0.0.0.0" || host == "::")
      continue;
    names.push_back((is_ip_literal(host) ? "IP:" : "DNS:") + host);
  }
  const auto pem = make_self_signed_certificate(names);
  tls.use_certificate_chain(asio::buffer(pem.certificate));
  tls.use_private_key(asio::buffer(pem.private_key), asio::ssl::context::pem);
  // Only the certificate is written out, for clients to trust; the key never leaves memory.
  const auto path = data_dir / "voice-cert.pem";
  std::filesystem::create_directories(data_dir);
  std::ofstream(path, std::ios::trunc) << pem.certificate;
  spdlog::info("voice: self-signed TLS certificate written to {} (trust it, e.g. NODE_EXTRA_CA_CERTS)",
               path.string());
}

asio::awaitable<void> VoiceServer::Impl::accept_loop() {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(use_tuple);
    if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (error) continue;
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(
        io, serve_voice_connection(context, asio::ssl::stream<beast::tcp_stream>(std::move(socket), tls)),
        asio::detached);
  }
}

asio::awaitable<void> VoiceServer::Impl::sweep_loop() {
  asio::steady_timer timer(io);
  for (;;) {
    timer.expires_after(std::chrono::seconds(1));
    auto [error] = co_await timer.async_wait(use_tuple);
    if (error) co_return;
    // Sessions whose connection dropped and did not RESUME within the window end.
    const auto window = std::chrono::seconds(config.get()->voice.resume_window_seconds);
    const auto now = std::chrono::steady_clock::now();
    for (auto* session : sessions.all()) {
      if (!session->client && now - session->detached_at > window)
        end_voice_session(context, session->guild_id, session->user_id, 0, {});
    }
    dave.tick();  // DAVE transitions whose members did not all answer in time
  }
}

void VoiceServer::Impl::apply(const VoiceChange& change) {
  auto* session = sessions.find(change.guild_id, change.user_id);
  if (!session) return;
  if (change.token != session->token) {
    // Left, moved (a new token), or the main session ended: this connection is over (final code).
    end_voice_session(context, change.guild_id, change.user_id, voice_close::disconnected, "Disconnected.");
    return;
  }
  session->grant = change.grant;
}

VoiceServer::VoiceServer(const LiveConfig& config, VoiceStateService& voice_states,
                         std::filesystem::path data_dir)
    : impl_(std::make_unique<Impl>(config, voice_states, std::move(data_dir))) {}

VoiceServer::~VoiceServer() {
  stop();
}

std::string VoiceServer::start() {
  auto& impl = *impl_;
  const auto config = impl.config.get();
  const auto [host, port] = split_host_port(config->voice.listen);
  const auto address = asio::ip::make_address(host);
  impl.load_tls(config->voice.public_host, host);

  const tcp::endpoint endpoint(address, port);
  impl.acceptor.open(endpoint.protocol());
  impl.acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl.acceptor.bind(endpoint);
  impl.acceptor.listen();
  const auto tcp_port = impl.acceptor.local_endpoint().port();
  impl.udp = std::make_unique<UdpMedia>(
      impl.io, impl.sessions,
      asio::ip::udp::endpoint(address, static_cast<std::uint16_t>(config->voice.udp_port)));

  // Clients need a host they can reach: the configured one, else the one we listen on.
  std::string public_host = config->voice.public_host;
  if (public_host.empty()) public_host = address.is_unspecified() ? "127.0.0.1" : host;
  if (address.is_unspecified() && config->voice.public_host.empty())
    spdlog::warn("voice.public_host is not set; clients are sent 127.0.0.1");
  // READY's ip must be IPv4 (the client's socket is udp4).
  boost::system::error_code not_ip;
  const auto public_ip = asio::ip::make_address_v4(public_host, not_ip);
  impl.context.udp_ip = !not_ip                                        ? public_ip.to_string()
                        : address.is_v4() && !address.is_unspecified() ? host
                                                                       : "127.0.0.1";
  impl.context.udp_port = impl.udp->port();
  const auto endpoint_text = public_host + ":" + std::to_string(tcp_port);

  impl.voice_states.set_voice_server(endpoint_text, [&impl](const VoiceChange& change) {
    // From service threads onto the voice thread, which owns every session.
    asio::post(impl.io, [&impl, change] { impl.apply(change); });
  });
  asio::co_spawn(impl.io, impl.accept_loop(), asio::detached);
  asio::co_spawn(impl.io, impl.sweep_loop(), asio::detached);
  impl.udp->start();
  impl.thread = std::thread([&impl] { impl.io.run(); });
  spdlog::info("voice gateway listening on wss://{}:{}, media on udp {}:{}, endpoint {}", host, tcp_port,
               impl.context.udp_ip, impl.context.udp_port, endpoint_text);
  return endpoint_text;
}

void VoiceServer::stop() {
  auto& impl = *impl_;
  impl.voice_states.set_voice_server({}, nullptr);
  impl.io.stop();
  if (impl.thread.joinable()) impl.thread.join();
}

std::size_t VoiceServer::session_count() const {
  return impl_->sessions.count();
}

std::uint64_t VoiceServer::packets_received() const {
  return impl_->udp ? impl_->udp->counters().received.load(std::memory_order_relaxed) : 0;
}

std::uint64_t VoiceServer::packets_forwarded() const {
  return impl_->udp ? impl_->udp->counters().forwarded.load(std::memory_order_relaxed) : 0;
}

std::uint64_t VoiceServer::rtcp_packets_forwarded() const {
  return impl_->udp ? impl_->udp->counters().rtcp_forwarded.load(std::memory_order_relaxed) : 0;
}

std::uint64_t VoiceServer::dave_packets_forwarded() const {
  return impl_->udp ? impl_->udp->counters().dave_forwarded.load(std::memory_order_relaxed) : 0;
}

std::uint64_t VoiceServer::packets_dropped() const {
  return impl_->udp ? impl_->udp->counters().dropped.load(std::memory_order_relaxed) : 0;
}

}  // namespace accord::voice
