#include "voice/sfu.hpp"

#include <gtest/gtest.h>

#include "voice/rtp.hpp"

namespace accord::voice {
namespace {

// A channel of voice sessions as the gateway leaves them after SELECT_PROTOCOL, and the packets
// the SFU sends, captured instead of going to a socket.
class SfuTest : public ::testing::Test {
 protected:
  struct Member {
    VoiceSession* session;
    SecretKey key;
  };

  Member join(Snowflake user, Snowflake channel = 10,
              EncryptionMode mode = EncryptionMode::aes256_gcm_rtpsize) {
    std::unique_ptr<VoiceSession> replaced;
    auto& session = sessions.add(1, user, VoiceGrant{channel, false, false, false}, replaced);
    const auto key = random_secret_key();
    session.udp = UdpPeer{0x7f000001, static_cast<std::uint16_t>(40000 + user)};
    session.cipher = std::make_unique<TransportCipher>(mode, key, 0x80000000u);
    return {&session, key};
  }

  // What a client sends: the 12-byte header and its payload sealed with its own key.
  static std::vector<std::uint8_t> client_packet(const Member& member, std::vector<std::uint8_t> opus) {
    std::vector<std::uint8_t> header = {0x80, 0x78, 0, 7, 0, 0, 0x03, 0xc0, 0, 0, 0, 0};
    write_u32_be(&header[8], member.session->ssrc);
    TransportCipher cipher(member.session->cipher->mode(), member.key, 1);
    std::vector<std::uint8_t> packet;
    cipher.seal(header, opus, packet);
    return packet;
  }

  Sfu::Result forward(const std::vector<std::uint8_t>& packet, const UdpPeer& from) {
    return sfu.forward(packet, from, [this](const UdpPeer& to, std::span<const std::uint8_t> bytes) {
      sent.emplace_back(to, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    });
  }

  // Opens a forwarded packet as its receiver would.
  static std::vector<std::uint8_t> open_as(const Member& member, const std::vector<std::uint8_t>& packet) {
    TransportCipher cipher(member.session->cipher->mode(), member.key, 0);
    std::vector<std::uint8_t> plaintext;
    EXPECT_TRUE(cipher.open(packet, 12, plaintext));
    return plaintext;
  }

  VoiceSessions sessions;
  Sfu sfu{sessions};
  std::vector<std::pair<UdpPeer, std::vector<std::uint8_t>>> sent;
};

TEST_F(SfuTest, ForwardsToEveryoneElseInTheChannelUnderTheirOwnKeys) {
  const auto speaker = join(1);
  const auto listener = join(2, 10, EncryptionMode::xchacha20_poly1305_rtpsize);
  const auto other = join(3);
  const auto elsewhere = join(4, 11);
  const std::vector<std::uint8_t> opus = {0xf8, 0xff, 0xfe, 1, 2, 3};
  const auto result = forward(client_packet(speaker, opus), *speaker.session->udp);
  EXPECT_EQ(result.outcome, Sfu::Result::Outcome::forwarded);
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& [to, packet] : sent) {
    const auto& receiver = to == *listener.session->udp ? listener : other;
    EXPECT_NE(to, *elsewhere.session->udp);
    // The header (SSRC, sequence, timestamp) is the speaker's; the payload is theirs, sealed anew.
    EXPECT_EQ(read_u32_be(&packet[8]), speaker.session->ssrc);
    EXPECT_EQ(read_u16_be(&packet[2]), 7);
    EXPECT_EQ(open_as(receiver, packet), opus);
    EXPECT_EQ(read_u32_be(&packet[packet.size() - 4]), 0x80000000u) << "the server's own nonce counter";
  }
}

TEST_F(SfuTest, DropsWhatItCannotTrust) {
  const auto speaker = join(1);
  join(2);
  const auto packet = client_packet(speaker, {1, 2, 3});
  EXPECT_EQ(forward(packet, UdpPeer{0x7f000001, 9}).outcome, Sfu::Result::Outcome::wrong_source);
  auto tampered = packet;
  tampered[13] ^= 1;
  EXPECT_EQ(forward(tampered, *speaker.session->udp).outcome, Sfu::Result::Outcome::not_authentic);
  auto stranger = packet;
  write_u32_be(&stranger[8], speaker.session->ssrc + 1000);
  EXPECT_EQ(forward(stranger, *speaker.session->udp).outcome, Sfu::Result::Outcome::unknown_sender);
  EXPECT_EQ(forward({0x80, 200, 0, 1, 0, 0, 0, 0}, *speaker.session->udp).outcome,
            Sfu::Result::Outcome::rtcp);
  EXPECT_EQ(forward({0x00, 0x78, 0, 1}, *speaker.session->udp).outcome, Sfu::Result::Outcome::not_rtp);
  EXPECT_TRUE(sent.empty());
}

TEST_F(SfuTest, ServerMutedSpeakersAreHeardByNoOneAndDeafenedListenersHearNothing) {
  const auto speaker = join(1);
  const auto deaf = join(2);
  const auto listener = join(3);
  deaf.session->grant.self_deaf = true;
  forward(client_packet(speaker, {1}), *speaker.session->udp);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, *listener.session->udp);
  sent.clear();
  speaker.session->grant.mute = true;
  EXPECT_EQ(forward(client_packet(speaker, {1}), *speaker.session->udp).outcome, Sfu::Result::Outcome::muted);
  EXPECT_TRUE(sent.empty());
}

TEST_F(SfuTest, ALeavingSessionLeavesItsChannelList) {
  const auto speaker = join(1);
  join(2);
  sessions.remove(1, 2);
  EXPECT_EQ(sessions.channel(10).size(), 1u);
  forward(client_packet(speaker, {1}), *speaker.session->udp);
  EXPECT_TRUE(sent.empty());
}

TEST_F(SfuTest, DaveFramesPassOpaqueToDaveMembersAndNotToOthers) {
  const auto speaker = join(1);
  const auto with_dave = join(2);
  const auto without_dave = join(3);
  speaker.session->max_dave_version = 1;
  with_dave.session->max_dave_version = 1;
  // ciphertext ‖ 8-byte tag ‖ ULEB128 nonce ‖ no ranges ‖ supplemental size ‖ 0xFAFA
  const std::vector<std::uint8_t> dave_frame = {9, 8, 7, 1, 2, 3, 4, 5, 6, 7, 8, 0x05, 11, 0xfa, 0xfa};
  const auto result = forward(client_packet(speaker, dave_frame), *speaker.session->udp);
  EXPECT_TRUE(result.dave_frame);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, *with_dave.session->udp);
  EXPECT_EQ(open_as(with_dave, sent[0].second), dave_frame) << "forwarded byte for byte";
  sent.clear();
  // Plain Opus (transport encryption only) still goes to everyone.
  const auto plain = forward(client_packet(speaker, {0x78, 1, 2, 3}), *speaker.session->udp);
  EXPECT_FALSE(plain.dave_frame);
  EXPECT_EQ(sent.size(), 2u);
  (void)without_dave;
}

}  // namespace
}  // namespace accord::voice
