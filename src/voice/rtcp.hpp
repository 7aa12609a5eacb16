#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace accord::voice {

// Where a compound RTCP packet (RFC 3550 §6, feedback RFC 4585) should go. The SFU forwards RTP
// with its SSRCs, sequence numbers and timestamps unchanged, so RTCP keeps its end-to-end meaning:
// a sender report describes the sender's own stream and interests everyone who receives it, a
// receiver report block or a NACK/PLI names the media source it is about, and goes to its owner.
struct RtcpRoute {
  // Every SSRC the packet speaks for (each packet's "SSRC of sender"): the sender's own, or it
  // may not send it.
  std::vector<std::uint32_t> senders;
  // SSRCs of the sender reports (200) in it: their receivers should get the packet.
  std::vector<std::uint32_t> reported_streams;
  // Media sources named by report blocks (200/201) and feedback (205/206): their owners should.
  std::vector<std::uint32_t> sources;
};

// `compound` is the whole packet in the clear (its 8-byte header, then the decrypted rest).
// nullopt when it is not a well-formed compound RTCP packet: every part version 2, a type in
// 200..207, lengths that add up exactly, report counts that fit their packet.
std::optional<RtcpRoute> route_rtcp(std::span<const std::uint8_t> compound);

// The clear header of an RTCP packet on Discord's transport: type, length and the sender's SSRC.
inline constexpr std::size_t rtcp_clear_size = 8;

}  // namespace accord::voice
