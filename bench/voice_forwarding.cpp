// Voice forwarding: how many RTP packets one voice thread forwards per second, and how much time
// the SFU adds between a sender and a receiver. Runs the server's own UDP media path (UdpMedia, the
// SFU, both transport modes) on one thread over loopback; the clients are sockets in this process.
//   accord-voice-bench [--receivers N] [--seconds S]
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "voice/rtp.hpp"
#include "voice/udp_media.hpp"

namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;
using namespace accord::voice;

// A typical Opus voice frame is 60-120 bytes; 100 is a fair middle.
constexpr std::size_t opus_bytes = 100;

struct Client {
  explicit Client(asio::io_context& io) : socket(io, udp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    socket.set_option(asio::socket_base::receive_buffer_size(4 << 20));
  }
  udp::socket socket;
  SecretKey key = random_secret_key();
};

struct Result {
  double forwarded_per_second = 0;
  double sent_per_second = 0;
  double latency_p50_us = 0;
  double latency_p99_us = 0;
  double direct_p50_us = 0;
};

std::vector<std::uint8_t> rtp_packet(TransportCipher& cipher, std::uint16_t sequence, std::uint32_t ssrc,
                                     std::uint64_t stamp) {
  std::vector<std::uint8_t> header(12);
  header[0] = 0x80;
  header[1] = 0x78;
  write_u16_be(&header[2], sequence);
  write_u32_be(&header[4], sequence * 960u);
  write_u32_be(&header[8], ssrc);
  std::vector<std::uint8_t> opus(opus_bytes, 0x42);
  std::copy_n(reinterpret_cast<const std::uint8_t*>(&stamp), sizeof stamp, opus.begin());
  std::vector<std::uint8_t> packet;
  cipher.seal(header, opus, packet);
  return packet;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count());
}

Result run(EncryptionMode mode, int receiver_count, double seconds) {
  asio::io_context server_io(1);
  VoiceSessions sessions;
  UdpMedia media(server_io, sessions, udp::endpoint(asio::ip::address_v4::loopback(), 0));
  const udp::endpoint server(asio::ip::address_v4::loopback(), media.port());

  asio::io_context client_io;
  Client sender(client_io);
  std::vector<std::unique_ptr<Client>> receivers;
  for (int i = 0; i < receiver_count; ++i) receivers.push_back(std::make_unique<Client>(client_io));

  // Sessions as the voice gateway leaves them after IP discovery and SELECT_PROTOCOL.
  auto add = [&](Client& client, accord::Snowflake user) {
    std::unique_ptr<VoiceSession> replaced;
    auto& session = sessions.add(1, user, accord::VoiceGrant{42, false, false, false, true}, replaced);
    const auto local = client.socket.local_endpoint();
    session.udp = UdpPeer{local.address().to_v4().to_uint(), local.port()};
    session.cipher = std::make_unique<TransportCipher>(mode, client.key, 0x80000000u);
    return session.ssrc;
  };
  const auto ssrc = add(sender, 1);
  for (int i = 0; i < receiver_count; ++i) add(*receivers[i], 100 + i);
  media.start();
  std::thread server_thread([&] { server_io.run(); });

  TransportCipher sender_cipher(mode, sender.key, 1);
  Result result;

  // Throughput: the sender blasts as fast as it can for `seconds`; the server's counter says how
  // many packets it sent on (one per receiver per packet in).
  {
    std::atomic<bool> stop{false};
    std::vector<std::thread> drains;
    for (auto& receiver : receivers) {
      receiver->socket.non_blocking(true);
      drains.emplace_back([&stop, &receiver] {
        std::array<std::uint8_t, 2048> buffer;
        udp::endpoint from;
        while (!stop) {
          boost::system::error_code error;
          receiver->socket.receive_from(asio::buffer(buffer), from, 0, error);
          if (error) std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
      });
    }
    const auto before = media.counters().forwarded.load();
    std::uint64_t sent = 0;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    std::uint16_t sequence = 0;
    while (Clock::now() < end) {
      const auto packet = rtp_packet(sender_cipher, ++sequence, ssrc, 0);
      boost::system::error_code error;
      sender.socket.send_to(asio::buffer(packet), server, 0, error);
      ++sent;
      // Keep the server's receive queue from overflowing: yield every so often.
      if (sent % 64 == 0) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    result.forwarded_per_second = static_cast<double>(media.counters().forwarded.load() - before) / elapsed;
    result.sent_per_second = static_cast<double>(sent) / elapsed;
    stop = true;
    for (auto& drain : drains) drain.join();
    for (auto& receiver : receivers) receiver->socket.non_blocking(false);
  }

  // Latency: one packet at a time, 50 a second as a speaking client sends them; the first
  // receiver opens each with its key and reads the send time out of the payload.
  {
    TransportCipher receiver_cipher(mode, receivers[0]->key, 0);
    std::vector<double> latencies;
    std::array<std::uint8_t, 2048> buffer;
    std::vector<std::uint8_t> plaintext;
    udp::endpoint from;
    std::uint16_t sequence = 1000;
    for (int i = 0; i < 250; ++i) {
      const auto sent_at = now_ns();
      const auto packet = rtp_packet(sender_cipher, ++sequence, ssrc, sent_at);
      sender.socket.send_to(asio::buffer(packet), server);
      const auto size = receivers[0]->socket.receive_from(asio::buffer(buffer), from);
      const auto received_at = now_ns();
      std::span<const std::uint8_t> forwarded(buffer.data(), size);
      const auto header = parse_rtp_header(forwarded);
      if (header && receiver_cipher.open(forwarded, header->clear_size, plaintext) && plaintext.size() >= 8) {
        std::uint64_t stamp = 0;
        std::copy_n(plaintext.begin(), sizeof stamp, reinterpret_cast<std::uint8_t*>(&stamp));
        latencies.push_back(static_cast<double>(received_at - stamp) / 1000.0);
      }
      // Drain what the other receivers got, so their buffers stay empty.
      for (std::size_t r = 1; r < receivers.size(); ++r)
        receivers[r]->socket.receive_from(asio::buffer(buffer), from);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    result.latency_p50_us = percentile(latencies, 0.5);
    result.latency_p99_us = percentile(latencies, 0.99);
    // The floor: the same packet straight from the sender to a receiver over loopback.
    std::vector<double> direct;
    const auto target = receivers[0]->socket.local_endpoint();
    for (int i = 0; i < 250; ++i) {
      const auto sent_at = now_ns();
      const auto packet = rtp_packet(sender_cipher, ++sequence, ssrc, sent_at);
      sender.socket.send_to(asio::buffer(packet), target);
      receivers[0]->socket.receive_from(asio::buffer(buffer), from);
      direct.push_back(static_cast<double>(now_ns() - sent_at) / 1000.0);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    result.direct_p50_us = percentile(direct, 0.5);
  }

  server_io.stop();
  server_thread.join();
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Voice SFU forwarding: packets/s on one voice thread, and added latency"};
  int receivers = 4;
  double seconds = 3;
  app.add_option("--receivers", receivers, "Listeners in the channel besides the sender")
      ->capture_default_str();
  app.add_option("--seconds", seconds, "Duration of the throughput phase per mode")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (receivers < 1) receivers = 1;
  std::printf("one sender, %d receivers, %zu-byte Opus payloads, server on one thread\n", receivers,
              opus_bytes);
  std::printf("%-34s %14s %14s %12s %12s %12s\n", "mode", "forwarded/s", "packets in/s", "p50 us", "p99 us",
              "direct p50");
  for (const auto mode : {EncryptionMode::aes256_gcm_rtpsize, EncryptionMode::xchacha20_poly1305_rtpsize}) {
    const auto result = run(mode, receivers, seconds);
    std::printf("%-34s %14.0f %14.0f %12.1f %12.1f %12.1f\n", std::string(encryption_mode_name(mode)).c_str(),
                result.forwarded_per_second, result.sent_per_second, result.latency_p50_us,
                result.latency_p99_us, result.direct_p50_us);
  }
  return 0;
}
