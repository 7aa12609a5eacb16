#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace accord::voice {

// What the SFU needs to know of an RTP packet without decrypting it. In the *_rtpsize modes the
// clear part (authenticated, not encrypted) is the fixed header, the CSRCs and, when X is set,
// the 4-byte extension preamble (profile + length); the extension's elements are encrypted.
struct RtpHeader {
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  bool has_extension = false;
  std::size_t extension_words = 0;  // length field of the extension preamble, in 32-bit words
  std::size_t clear_size = 0;       // bytes sent in the clear and used as AAD
};

// nullopt when the packet is not RTP version 2 or is shorter than its own header says.
std::optional<RtpHeader> parse_rtp_header(std::span<const std::uint8_t> packet);

// RTCP shares the socket (RFC 5761): RTCP types 192..223 read as RTP payload types 64..95, which
// RTP beside RTCP does not use.
bool is_rtcp(std::span<const std::uint8_t> packet);

inline std::uint16_t read_u16_be(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}
inline std::uint32_t read_u32_be(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
inline void write_u16_be(std::uint8_t* p, std::uint16_t value) {
  p[0] = static_cast<std::uint8_t>(value >> 8);
  p[1] = static_cast<std::uint8_t>(value);
}
inline void write_u32_be(std::uint8_t* p, std::uint32_t value) {
  p[0] = static_cast<std::uint8_t>(value >> 24);
  p[1] = static_cast<std::uint8_t>(value >> 16);
  p[2] = static_cast<std::uint8_t>(value >> 8);
  p[3] = static_cast<std::uint8_t>(value);
}

}  // namespace accord::voice
