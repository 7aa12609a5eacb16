#include "voice/rtcp.hpp"

#include "voice/rtp.hpp"

namespace accord::voice {
namespace {

constexpr std::uint8_t sender_report = 200;
constexpr std::uint8_t receiver_report = 201;
constexpr std::uint8_t transport_feedback = 205;  // generic NACK and friends
constexpr std::uint8_t payload_feedback = 206;    // PLI, FIR: "send me a key frame"
constexpr std::uint8_t extended_report = 207;
constexpr std::size_t report_block_size = 24;
constexpr std::size_t sender_info_size = 20;

// Report blocks start with the SSRC they are about.
bool add_report_blocks(std::span<const std::uint8_t> blocks, std::size_t count, RtcpRoute& route) {
  if (blocks.size() < count * report_block_size) return false;
  for (std::size_t i = 0; i < count; ++i)
    route.sources.push_back(read_u32_be(&blocks[i * report_block_size]));
  return true;
}

}  // namespace

std::optional<RtcpRoute> route_rtcp(std::span<const std::uint8_t> compound) {
  RtcpRoute route;
  if (compound.empty()) return std::nullopt;
  while (!compound.empty()) {
    if (compound.size() < 4 || (compound[0] >> 6) != 2) return std::nullopt;
    const std::size_t count = compound[0] & 0x1f;
    const std::uint8_t type = compound[1];
    const std::size_t size = (std::size_t{read_u16_be(&compound[2])} + 1) * 4;
    if (type < sender_report || type > extended_report || size > compound.size()) return std::nullopt;
    const auto packet = compound.first(size);
    compound = compound.subspan(size);
    if (packet.size() < rtcp_clear_size) return std::nullopt;
    const auto sender = read_u32_be(&packet[4]);
    const auto body = packet.subspan(rtcp_clear_size);
    switch (type) {
      case sender_report:
        if (body.size() < sender_info_size ||
            !add_report_blocks(body.subspan(sender_info_size), count, route))
          return std::nullopt;
        route.senders.push_back(sender);
        route.reported_streams.push_back(sender);
        break;
      case receiver_report:
        if (!add_report_blocks(body, count, route)) return std::nullopt;
        route.senders.push_back(sender);
        break;
      case transport_feedback:
      case payload_feedback:
        if (body.size() < 4) return std::nullopt;
        route.senders.push_back(sender);
        route.sources.push_back(read_u32_be(&body[0]));
        break;
      default:
        // SDES, BYE, APP and extended reports ride along with the reports; their chunks name no one to send
        // them to.
        break;
    }
  }
  return route;
}

}  // namespace accord::voice
