#include "voice/transport_crypto.hpp"

#include <gtest/gtest.h>

#include <string>

#include "voice/rtp.hpp"

namespace accord::voice {
namespace {

std::vector<std::uint8_t> from_hex(std::string_view hex) {
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return bytes;
}

SecretKey counting_key() {
  SecretKey key;
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// These vectors were made with @discordjs/voice's own code path (node:crypto aes-256-gcm and
// @noble/ciphers xchacha20poly1305): key 00..1f, RTP seq 1, timestamp 960, SSRC 42, the payload
// f8fffe68656c6c6f (a silence frame and "hello"), nonce counter 1.
constexpr std::string_view header_hex = "80780001000003c00000002a";
constexpr std::string_view payload_hex = "f8fffe68656c6c6f";
constexpr std::string_view gcm_packet =
    "80780001000003c00000002abcc933c2693698c73ab56585ae7f9e78bf52be40a75f74e700000001";
constexpr std::string_view xchacha_packet =
    "80780001000003c00000002af158af480a6cfdb00e0007dd8c59c5de705c854f06020fed00000001";
// With a one-word header extension (BE DE 00 01 in the clear, its element 10 ff 00 00 encrypted),
// nonce counter 0x80000000.
constexpr std::string_view extension_header_hex = "90780002000007800000002abede0001";
constexpr std::string_view extension_plaintext_hex = "10ff0000f8fffe68656c6c6f";
constexpr std::string_view gcm_extension_packet =
    "90780002000007800000002abede000108a5ab292209d3bccd9fe587085c35b4dc9b7ba4aff1c3c53076650b80000000";
constexpr std::string_view xchacha_extension_packet =
    "90780002000007800000002abede00011e8f64354d4aba79542b4c2f0dc95b04f56d7bc5b1ef2f30610479bd80000000";

struct Vector {
  EncryptionMode mode;
  std::string_view header;
  std::string_view plaintext;
  std::uint32_t nonce;
  std::string_view packet;
};

class TransportVectors : public ::testing::TestWithParam<Vector> {};

TEST_P(TransportVectors, SealsExactlyAsTheClientDoes) {
  const auto& vector = GetParam();
  TransportCipher cipher(vector.mode, counting_key(), vector.nonce);
  std::vector<std::uint8_t> out;
  cipher.seal(from_hex(vector.header), from_hex(vector.plaintext), out);
  EXPECT_EQ(out, from_hex(vector.packet));
}

TEST_P(TransportVectors, OpensTheClientsPacket) {
  const auto& vector = GetParam();
  TransportCipher cipher(vector.mode, counting_key(), 0);
  const auto packet = from_hex(vector.packet);
  const auto header = parse_rtp_header(packet);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->clear_size, vector.header.size() / 2);
  std::vector<std::uint8_t> plaintext;
  ASSERT_TRUE(cipher.open(packet, header->clear_size, plaintext));
  EXPECT_EQ(plaintext, from_hex(vector.plaintext));
}

TEST_P(TransportVectors, RefusesATamperedHeaderOrBody) {
  const auto& vector = GetParam();
  TransportCipher cipher(vector.mode, counting_key(), 0);
  const auto packet = from_hex(vector.packet);
  const auto clear_size = vector.header.size() / 2;
  std::vector<std::uint8_t> plaintext;
  for (const std::size_t index : {std::size_t{3}, clear_size + 1, packet.size() - 1}) {
    auto tampered = packet;
    tampered[index] ^= 1;
    EXPECT_FALSE(cipher.open(tampered, clear_size, plaintext)) << "byte " << index;
  }
  EXPECT_FALSE(cipher.open(std::span(packet).first(clear_size + 19), clear_size, plaintext));
}

INSTANTIATE_TEST_SUITE_P(
    BothModes, TransportVectors,
    ::testing::Values(Vector{EncryptionMode::aes256_gcm_rtpsize, header_hex, payload_hex, 1, gcm_packet},
                      Vector{EncryptionMode::xchacha20_poly1305_rtpsize, header_hex, payload_hex, 1,
                             xchacha_packet},
                      Vector{EncryptionMode::aes256_gcm_rtpsize, extension_header_hex,
                             extension_plaintext_hex, 0x80000000, gcm_extension_packet},
                      Vector{EncryptionMode::xchacha20_poly1305_rtpsize, extension_header_hex,
                             extension_plaintext_hex, 0x80000000, xchacha_extension_packet}));

TEST(TransportCipher, CountsItsNonceUpPerPacketAndWraps) {
  TransportCipher cipher(EncryptionMode::xchacha20_poly1305_rtpsize, counting_key(), 0xffffffff);
  std::vector<std::uint8_t> first;
  std::vector<std::uint8_t> second;
  cipher.seal(from_hex(header_hex), from_hex(payload_hex), first);
  cipher.seal(from_hex(header_hex), from_hex(payload_hex), second);
  EXPECT_EQ(read_u32_be(first.data() + first.size() - 4), 0xffffffffu);
  EXPECT_EQ(read_u32_be(second.data() + second.size() - 4), 0u);
  EXPECT_NE(first, second);
}

TEST(TransportCipher, KnowsTheModeNames) {
  EXPECT_EQ(parse_encryption_mode("aead_aes256_gcm_rtpsize"), EncryptionMode::aes256_gcm_rtpsize);
  EXPECT_EQ(parse_encryption_mode("aead_xchacha20_poly1305_rtpsize"),
            EncryptionMode::xchacha20_poly1305_rtpsize);
  EXPECT_EQ(parse_encryption_mode("xsalsa20_poly1305"), std::nullopt);
  EXPECT_EQ(encryption_mode_name(EncryptionMode::aes256_gcm_rtpsize), "aead_aes256_gcm_rtpsize");
}

}  // namespace
}  // namespace accord::voice
