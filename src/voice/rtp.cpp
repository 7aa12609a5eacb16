#include "voice/rtp.hpp"

namespace accord::voice {

std::optional<RtpHeader> parse_rtp_header(std::span<const std::uint8_t> packet) {
  constexpr std::size_t fixed_size = 12;
  if (packet.size() < fixed_size || (packet[0] >> 6) != 2) return std::nullopt;
  RtpHeader header;
  const std::size_t csrc_count = packet[0] & 0x0f;
  header.has_extension = (packet[0] & 0x10) != 0;
  header.payload_type = packet[1] & 0x7f;
  header.sequence = read_u16_be(&packet[2]);
  header.timestamp = read_u32_be(&packet[4]);
  header.ssrc = read_u32_be(&packet[8]);
  header.clear_size = fixed_size + 4 * csrc_count;
  if (header.has_extension) {
    if (packet.size() < header.clear_size + 4) return std::nullopt;
    header.extension_words = read_u16_be(&packet[header.clear_size + 2]);
    header.clear_size += 4;
  }
  if (packet.size() < header.clear_size) return std::nullopt;
  return header;
}

bool is_rtcp(std::span<const std::uint8_t> packet) {
  if (packet.size() < 2) return false;
  const auto type = packet[1] & 0x7f;
  return type >= 64 && type <= 95;
}

}  // namespace accord::voice
