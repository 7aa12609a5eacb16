#include "voice/rtp.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace accord::voice {
namespace {

TEST(Rtp, ReadsThePlainHeaderDiscordJsSends) {
  const std::vector<std::uint8_t> packet = {0x80, 0x78, 0x12, 0x34, 0, 0, 0x03, 0xc0, 0, 0, 0, 42, 1, 2, 3};
  const auto header = parse_rtp_header(packet);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->payload_type, 120);
  EXPECT_EQ(header->sequence, 0x1234);
  EXPECT_EQ(header->timestamp, 960u);
  EXPECT_EQ(header->ssrc, 42u);
  EXPECT_FALSE(header->has_extension);
  EXPECT_EQ(header->clear_size, 12u);
}

TEST(Rtp, ClearPartHoldsCsrcsAndTheExtensionPreambleOnly) {
  // CC=2, X=1: 12 + 8 bytes of CSRCs + BE DE 00 03 (three words of elements, encrypted).
  std::vector<std::uint8_t> packet = {0x92, 0x78, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7};
  packet.insert(packet.end(), 8, 0xaa);
  packet.insert(packet.end(), {0xbe, 0xde, 0x00, 0x03});
  packet.insert(packet.end(), 12, 0x55);
  const auto header = parse_rtp_header(packet);
  ASSERT_TRUE(header);
  EXPECT_TRUE(header->has_extension);
  EXPECT_EQ(header->extension_words, 3u);
  EXPECT_EQ(header->clear_size, 24u);
}

TEST(Rtp, RefusesWhatIsNotRtp) {
  EXPECT_FALSE(parse_rtp_header(std::vector<std::uint8_t>{0x80, 0x78, 0, 1}));
  EXPECT_FALSE(parse_rtp_header(std::vector<std::uint8_t>(12, 0x00)));  // version 0
  // X set but no room for the preamble.
  std::vector<std::uint8_t> cut = {0x90, 0x78, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0xbe};
  EXPECT_FALSE(parse_rtp_header(cut));
  // 15 CSRCs announced, none present.
  std::vector<std::uint8_t> lying = {0x8f, 0x78, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0};
  EXPECT_FALSE(parse_rtp_header(lying));
}

TEST(Rtp, TellsRtcpByItsPayloadType) {
  EXPECT_TRUE(is_rtcp(std::vector<std::uint8_t>{0x80, 200}));  // SR: 200 & 0x7f = 72
  EXPECT_TRUE(is_rtcp(std::vector<std::uint8_t>{0x81, 201}));  // RR
  EXPECT_TRUE(is_rtcp(std::vector<std::uint8_t>{0x80, 204}));
  EXPECT_TRUE(is_rtcp(std::vector<std::uint8_t>{0x81, 205}));    // NACK
  EXPECT_TRUE(is_rtcp(std::vector<std::uint8_t>{0x81, 206}));    // PLI
  EXPECT_FALSE(is_rtcp(std::vector<std::uint8_t>{0x80, 0x78}));  // Opus
  EXPECT_FALSE(is_rtcp(std::vector<std::uint8_t>{0x80, 0xf8}));  // Opus with the marker bit
}

}  // namespace
}  // namespace accord::voice
