#include "voice/rtcp.hpp"

#include <gtest/gtest.h>

#include "voice/rtp.hpp"

namespace accord::voice {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes receiver_report(std::uint32_t sender, std::vector<std::uint32_t> about) {
  Bytes packet(8 + 24 * about.size(), 0);
  packet[0] = static_cast<std::uint8_t>(0x80 | about.size());
  packet[1] = 201;
  write_u16_be(&packet[2], static_cast<std::uint16_t>(packet.size() / 4 - 1));
  write_u32_be(&packet[4], sender);
  for (std::size_t i = 0; i < about.size(); ++i) write_u32_be(&packet[8 + 24 * i], about[i]);
  return packet;
}

Bytes description(std::uint32_t sender) {  // SDES with one CNAME "ab"
  Bytes packet = {0x81, 202, 0, 2, 0, 0, 0, 0, 1, 2, 'a', 'b'};
  write_u32_be(&packet[4], sender);
  return packet;
}

TEST(RtcpRoute, AReceiverReportWithDescriptionNamesItsSenderAndEverySourceItReportsOn) {
  auto compound = receiver_report(7, {100, 200});
  const auto sdes = description(7);
  compound.insert(compound.end(), sdes.begin(), sdes.end());
  const auto route = route_rtcp(compound);
  ASSERT_TRUE(route);
  EXPECT_EQ(route->senders, std::vector<std::uint32_t>({7}));
  EXPECT_EQ(route->sources, std::vector<std::uint32_t>({100, 200}));
  EXPECT_TRUE(route->reported_streams.empty());
}

TEST(RtcpRoute, RefusesWhatDoesNotAddUp) {
  EXPECT_FALSE(route_rtcp(Bytes{}));
  auto lying_count = receiver_report(7, {100});
  lying_count[0] = 0x82;  // two blocks announced, one present
  EXPECT_FALSE(route_rtcp(lying_count));
  auto too_long = receiver_report(7, {});
  write_u16_be(&too_long[2], 9);
  EXPECT_FALSE(route_rtcp(too_long));
  auto trailing = receiver_report(7, {});
  trailing.push_back(0x80);
  EXPECT_FALSE(route_rtcp(trailing)) << "a stray byte after the last part";
  auto version_one = receiver_report(7, {});
  version_one[0] = 0x40;
  EXPECT_FALSE(route_rtcp(version_one));
  Bytes short_feedback = {0x81, 205, 0, 1, 0, 0, 0, 7};  // NACK without its media source
  EXPECT_FALSE(route_rtcp(short_feedback));
}

}  // namespace
}  // namespace accord::voice
