#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace accord::voice {

// @discordjs/voice's IP discovery (clients.md §4): a 74-byte request
// `u16 type=1 | u16 length=70 | u32 ssrc | 64 bytes address | u16 port` (all big-endian), answered
// with type 2, the address the request came from as a NUL-terminated string, and its port.
inline constexpr std::size_t ip_discovery_size = 74;

// The SSRC of a discovery request; nullopt for anything else.
std::optional<std::uint32_t> parse_ip_discovery_request(std::span<const std::uint8_t> packet);

std::array<std::uint8_t, ip_discovery_size> make_ip_discovery_response(std::uint32_t ssrc,
                                                                       const std::string& address,
                                                                       std::uint16_t port);

}  // namespace accord::voice
