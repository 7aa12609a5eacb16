#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>

#include "voice/sfu.hpp"
#include "voice/voice_sessions.hpp"

namespace accord::voice {

// The one UDP socket all media uses: IP discovery, keepalives, RTP forwarded by the SFU.
class UdpMedia {
 public:
  UdpMedia(boost::asio::io_context& io, VoiceSessions& sessions, const boost::asio::ip::udp::endpoint& bind);

  std::uint16_t port() const { return socket_.local_endpoint().port(); }
  boost::asio::ip::address address() const { return socket_.local_endpoint().address(); }
  void start();

  struct Counters {
    std::atomic<std::uint64_t> received{0};
    std::atomic<std::uint64_t> forwarded{0};       // media packets sent on to receivers
    std::atomic<std::uint64_t> rtcp_forwarded{0};  // RTCP packets sent on to receivers
    std::atomic<std::uint64_t> dropped{0};         // not RTP, unknown sender, failed authentication, muted
    std::atomic<std::uint64_t> dave_forwarded{0};  // of `forwarded`, those carrying DAVE frames
  };
  const Counters& counters() const { return counters_; }

 private:
  boost::asio::awaitable<void> receive_loop();
  void on_packet(std::span<const std::uint8_t> packet, const boost::asio::ip::udp::endpoint& from);

  boost::asio::ip::udp::socket socket_;
  VoiceSessions& sessions_;
  Sfu sfu_;
  Counters counters_;
};

}  // namespace accord::voice
