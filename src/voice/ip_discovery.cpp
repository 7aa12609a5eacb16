#include "voice/ip_discovery.hpp"

#include <algorithm>

#include "voice/rtp.hpp"

namespace accord::voice {

std::optional<std::uint32_t> parse_ip_discovery_request(std::span<const std::uint8_t> packet) {
  if (packet.size() != ip_discovery_size) return std::nullopt;
  if (read_u16_be(&packet[0]) != 1 || read_u16_be(&packet[2]) != 70) return std::nullopt;
  return read_u32_be(&packet[4]);
}

std::array<std::uint8_t, ip_discovery_size> make_ip_discovery_response(std::uint32_t ssrc,
                                                                       const std::string& address,
                                                                       std::uint16_t port) {
  std::array<std::uint8_t, ip_discovery_size> packet{};
  write_u16_be(&packet[0], 2);
  write_u16_be(&packet[2], 70);
  write_u32_be(&packet[4], ssrc);
  // 64 bytes for the address, the last one always the terminating NUL.
  const auto length = std::min<std::size_t>(address.size(), 63);
  std::copy_n(address.begin(), length, packet.begin() + 8);
  write_u16_be(&packet[72], port);
  return packet;
}

}  // namespace accord::voice
