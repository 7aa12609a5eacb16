#include "voice/ip_discovery.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace accord::voice {
namespace {

// What @discordjs/voice's performIPDiscovery sends: type 1, length 70, the SSRC, 66 zero bytes.
std::vector<std::uint8_t> client_request(std::uint32_t ssrc) {
  std::vector<std::uint8_t> packet(74, 0);
  packet[1] = 1;
  packet[3] = 70;
  packet[4] = static_cast<std::uint8_t>(ssrc >> 24);
  packet[5] = static_cast<std::uint8_t>(ssrc >> 16);
  packet[6] = static_cast<std::uint8_t>(ssrc >> 8);
  packet[7] = static_cast<std::uint8_t>(ssrc);
  return packet;
}

TEST(IpDiscovery, ReadsTheClientsRequest) {
  EXPECT_EQ(parse_ip_discovery_request(client_request(0x01020304)), 0x01020304u);
}

TEST(IpDiscovery, IgnoresOtherPackets) {
  auto response_type = client_request(5);
  response_type[1] = 2;
  EXPECT_FALSE(parse_ip_discovery_request(response_type));
  auto bad_length = client_request(5);
  bad_length[3] = 69;
  EXPECT_FALSE(parse_ip_discovery_request(bad_length));
  EXPECT_FALSE(parse_ip_discovery_request(std::vector<std::uint8_t>(8, 0)));  // a keepalive
  auto longer = client_request(5);
  longer.push_back(0);
  EXPECT_FALSE(parse_ip_discovery_request(longer));
}

TEST(IpDiscovery, AnswersWithTheAddressAndPortAsTheClientParsesThem) {
  const auto packet = make_ip_discovery_response(0xdeadbeef, "127.0.0.1", 50123);
  ASSERT_EQ(packet.size(), 74u);
  EXPECT_EQ(packet[0], 0);
  EXPECT_EQ(packet[1], 2);
  EXPECT_EQ(packet[2], 0);
  EXPECT_EQ(packet[3], 70);
  EXPECT_EQ(packet[4], 0xde);
  EXPECT_EQ(packet[7], 0xef);
  // The client reads a NUL-terminated string from offset 8 and the port from the last two bytes.
  EXPECT_STREQ(reinterpret_cast<const char*>(&packet[8]), "127.0.0.1");
  EXPECT_EQ(packet[72] << 8 | packet[73], 50123);
}

TEST(IpDiscovery, KeepsTheTerminatorForOverlongAddresses) {
  const auto packet = make_ip_discovery_response(1, std::string(100, '9'), 1);
  EXPECT_EQ(packet[8 + 63], 0);
  EXPECT_EQ(std::strlen(reinterpret_cast<const char*>(&packet[8])), 63u);
}

}  // namespace
}  // namespace accord::voice
