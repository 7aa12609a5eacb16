#include "voice/udp_media.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

#include "voice/ip_discovery.hpp"

namespace accord::voice {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

}  // namespace

UdpMedia::UdpMedia(asio::io_context& io, VoiceSessions& sessions, const udp::endpoint& bind)
    : socket_(io, bind), sessions_(sessions), sfu_(sessions) {}

void UdpMedia::start() {
  asio::co_spawn(socket_.get_executor(), receive_loop(), asio::detached);
}

void UdpMedia::on_packet(std::span<const std::uint8_t> packet, const udp::endpoint& from) {
  counters_.received.fetch_add(1, std::memory_order_relaxed);
  if (!from.address().is_v4()) {
    counters_.dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const UdpPeer peer{from.address().to_v4().to_uint(), from.port()};
  if (const auto ssrc = parse_ip_discovery_request(packet)) {
    // The SSRC's owner is now reachable here; media for it goes to this address from now on.
    if (auto* session = sessions_.by_ssrc(*ssrc)) {
      session->udp = peer;
      const auto answer = make_ip_discovery_response(*ssrc, from.address().to_string(), from.port());
      boost::system::error_code ignored;
      socket_.send_to(asio::buffer(answer), from, 0, ignored);
    }
    return;
  }
  if (packet.size() <= 8) return;  // keepalives: nothing to answer (@discordjs/voice tracks none)
  const auto result =
      sfu_.forward(packet, peer, [this](const UdpPeer& to, std::span<const std::uint8_t> sealed) {
        // A synchronous send on a UDP socket does not wait for the peer; a full buffer drops the
        // packet (error ignored), which is what late audio should do anyway.
        boost::system::error_code ignored;
        socket_.send_to(asio::buffer(sealed.data(), sealed.size()),
                        udp::endpoint(asio::ip::address_v4(to.address), to.port), 0, ignored);
      });
  if (result.outcome == Sfu::Result::Outcome::forwarded && result.rtcp) {
    counters_.rtcp_forwarded.fetch_add(result.receivers, std::memory_order_relaxed);
  } else if (result.outcome == Sfu::Result::Outcome::forwarded) {
    counters_.forwarded.fetch_add(result.receivers, std::memory_order_relaxed);
    if (result.dave_frame) counters_.dave_forwarded.fetch_add(result.receivers, std::memory_order_relaxed);
  } else if (result.outcome != Sfu::Result::Outcome::rtcp) {
    counters_.dropped.fetch_add(1, std::memory_order_relaxed);
  }
}

asio::awaitable<void> UdpMedia::receive_loop() {
  std::array<std::uint8_t, 2048> buffer;
  udp::endpoint from;
  for (;;) {
    auto [error, size] = co_await socket_.async_receive_from(asio::buffer(buffer), from, use_tuple);
    if (error == asio::error::operation_aborted || !socket_.is_open()) co_return;
    if (error) continue;  // e.g. ICMP port unreachable from a client that left
    on_packet(std::span<const std::uint8_t>(buffer.data(), size), from);
  }
}

}  // namespace accord::voice
