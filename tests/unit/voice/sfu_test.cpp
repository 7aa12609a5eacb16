#include "voice/sfu.hpp"

#include <gtest/gtest.h>

#include <set>

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
    auto& session = sessions.add(1, user, VoiceGrant{channel, false, false, false, true}, replaced);
    const auto key = random_secret_key();
    session.udp = UdpPeer{0x7f000001, static_cast<std::uint16_t>(40000 + user)};
    session.cipher = std::make_unique<TransportCipher>(mode, key, 0x80000000u);
    return {&session, key};
  }

  // The member asked for one video stream in IDENTIFY (READY gave it its SSRCs).
  void add_camera(const Member& member) {
    std::vector<VideoStream> one;
    one.emplace_back("video", "100", 100);
    sessions.add_streams(*member.session, one);
  }

  // What a client sends: the 12-byte header and its payload sealed with its own key.
  static std::vector<std::uint8_t> client_packet(const Member& member, std::vector<std::uint8_t> opus) {
    return client_packet(member, member.session->ssrc, 0x78, std::move(opus));
  }
  // The same as any SSRC and payload type, e.g. video (payload type 101, H264 in Discord's clients).
  static std::vector<std::uint8_t> client_packet(const Member& member, std::uint32_t ssrc,
                                                 std::uint8_t payload_type, std::vector<std::uint8_t> opus) {
    std::vector<std::uint8_t> header = {0x80, payload_type, 0, 7, 0, 0, 0x03, 0xc0, 0, 0, 0, 0};
    write_u32_be(&header[8], ssrc);
    TransportCipher cipher(member.session->cipher->mode(), member.key, 1);
    std::vector<std::uint8_t> packet;
    cipher.seal(header, opus, packet);
    return packet;
  }

  // What a client sends as RTCP: the 8-byte header in the clear, the rest of the compound sealed.
  static std::vector<std::uint8_t> client_rtcp(const Member& member,
                                               const std::vector<std::uint8_t>& compound) {
    TransportCipher cipher(member.session->cipher->mode(), member.key, 1);
    std::vector<std::uint8_t> packet;
    cipher.seal(std::span(compound).first(8), std::span(compound).subspan(8), packet);
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
            Sfu::Result::Outcome::unknown_sender)
      << "RTCP from an SSRC no one owns";
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

TEST_F(SfuTest, VideoStreamsGetSsrcsOfTheirOwnUniqueOnTheServerAndFreedWithTheSession) {
  const auto first = join(1);
  const auto second = join(2);
  std::vector<VideoStream> two;
  two.emplace_back("video", "100", 100);
  two.emplace_back("video", "50", 50);
  sessions.add_streams(*first.session, two);
  sessions.add_streams(*second.session, two);
  std::set<std::uint32_t> seen = {first.session->ssrc, second.session->ssrc};
  for (const auto* member : {first.session, second.session}) {
    ASSERT_EQ(member->streams.size(), 2u);
    for (const auto& stream : member->streams) {
      EXPECT_NE(stream.ssrc, 0u);
      EXPECT_TRUE(seen.insert(stream.ssrc).second) << "unique, audio SSRCs included";
      EXPECT_TRUE(seen.insert(stream.rtx_ssrc).second);
      EXPECT_EQ(sessions.by_ssrc(stream.ssrc), member);
      EXPECT_EQ(sessions.by_ssrc(stream.rtx_ssrc), member);
      EXPECT_TRUE(member->owns_video_ssrc(stream.ssrc));
      EXPECT_FALSE(member->is_audio(stream.ssrc));
    }
  }
  EXPECT_FALSE(first.session->owns_video_ssrc(second.session->streams[0].ssrc));
  EXPECT_FALSE(first.session->owns_video_ssrc(first.session->ssrc)) << "audio is not a video SSRC";
  // At most max_video_streams per session, however many are asked for.
  std::vector<VideoStream> many(10, VideoStream("video", "100", 100));
  sessions.add_streams(*first.session, many);
  EXPECT_EQ(first.session->streams.size(), max_video_streams);
  const auto gone = second.session->streams[0].ssrc;
  sessions.remove(1, 2);
  EXPECT_EQ(sessions.by_ssrc(gone), nullptr);
}

TEST_F(SfuTest, VideoIsForwardedLikeAudioWithItsPayloadTypeAndReachesDeafenedMembers) {
  const auto camera = join(1);
  const auto viewer = join(2, 10, EncryptionMode::xchacha20_poly1305_rtpsize);
  const auto deaf = join(3);
  deaf.session->grant.self_deaf = true;
  add_camera(camera);
  const auto video_ssrc = camera.session->streams[0].ssrc;
  const std::vector<std::uint8_t> frame = {0x7c, 0x85, 0xb8, 0x00, 0x11, 0x22};
  const auto result = forward(client_packet(camera, video_ssrc, 101, frame), *camera.session->udp);
  EXPECT_EQ(result.outcome, Sfu::Result::Outcome::forwarded);
  EXPECT_TRUE(result.video);
  ASSERT_EQ(sent.size(), 2u) << "deafen is about sound: a deafened member still sees video";
  for (const auto& [to, packet] : sent) {
    const auto& receiver = to == *viewer.session->udp ? viewer : deaf;
    EXPECT_EQ(packet[1], 101) << "the sender's payload type";
    EXPECT_EQ(read_u32_be(&packet[8]), video_ssrc);
    EXPECT_EQ(open_as(receiver, packet), frame);
  }
  sent.clear();
  // The retransmission SSRC goes the same way.
  forward(client_packet(camera, camera.session->streams[0].rtx_ssrc, 102, {1, 2}), *camera.session->udp);
  EXPECT_EQ(sent.size(), 2u);
  sent.clear();
  // Audio from the same member still skips the deafened one.
  forward(client_packet(camera, {0x78}), *camera.session->udp);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, *viewer.session->udp);
}

TEST_F(SfuTest, VideoAsSomeoneElsesSsrcIsDropped) {
  const auto owner = join(1);
  const auto spoofer = join(2);
  join(3);
  add_camera(owner);
  // The spoofer seals with its own key, from its own address, as the owner's video SSRC.
  const auto forged = client_packet(spoofer, owner.session->streams[0].ssrc, 101, {1, 2, 3});
  EXPECT_EQ(forward(forged, *spoofer.session->udp).outcome, Sfu::Result::Outcome::wrong_source);
  EXPECT_TRUE(sent.empty());
}

TEST_F(SfuTest, VideoFromAMemberWithoutStreamIsDroppedButItsAudioIsNot) {
  const auto camera = join(1);
  const auto viewer = join(2);
  add_camera(camera);
  camera.session->grant.video = false;  // STREAM denied in the channel
  EXPECT_EQ(
      forward(client_packet(camera, camera.session->streams[0].ssrc, 101, {1}), *camera.session->udp).outcome,
      Sfu::Result::Outcome::video_not_allowed);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(forward(client_packet(camera, {0x78}), *camera.session->udp).outcome,
            Sfu::Result::Outcome::forwarded);
  EXPECT_EQ(sent.size(), 1u);
  sent.clear();
  // And a server-muted member (no SPEAK) with STREAM: its video goes, its audio does not.
  camera.session->grant.video = true;
  camera.session->grant.mute = true;
  EXPECT_EQ(forward(client_packet(camera, {0x78}), *camera.session->udp).outcome,
            Sfu::Result::Outcome::muted);
  EXPECT_EQ(
      forward(client_packet(camera, camera.session->streams[0].ssrc, 101, {1}), *camera.session->udp).outcome,
      Sfu::Result::Outcome::forwarded);
  EXPECT_EQ(sent.size(), 1u);
  (void)viewer;
}

// RTCP packets as clients build them (RFC 3550, RFC 4585), words in network order.
std::vector<std::uint8_t> sender_report(std::uint32_t sender, std::uint32_t reported_on) {
  std::vector<std::uint8_t> packet(8 + 20 + 24, 0);
  packet[0] = 0x81;  // one report block
  packet[1] = 200;
  write_u16_be(&packet[2], packet.size() / 4 - 1);
  write_u32_be(&packet[4], sender);
  packet[12] = 0xaa;  // something in the NTP timestamp to recognise
  write_u32_be(&packet[28], reported_on);
  return packet;
}
std::vector<std::uint8_t> picture_loss(std::uint32_t sender, std::uint32_t media_source) {
  std::vector<std::uint8_t> packet(12, 0);
  packet[0] = 0x81;  // FMT 1: PLI
  packet[1] = 206;
  write_u16_be(&packet[2], 2);
  write_u32_be(&packet[4], sender);
  write_u32_be(&packet[8], media_source);
  return packet;
}

TEST_F(SfuTest, ASenderReportReachesThoseWhoHearTheSenderOnceEachUnderTheirOwnKeys) {
  const auto speaker = join(1);
  const auto listener = join(2, 10, EncryptionMode::xchacha20_poly1305_rtpsize);
  const auto deaf = join(3);
  const auto elsewhere = join(4, 11);
  deaf.session->grant.self_deaf = true;
  // The speaker's report also has a block about the listener's stream: still one copy for them.
  const auto report = sender_report(speaker.session->ssrc, listener.session->ssrc);
  const auto result = forward(client_rtcp(speaker, report), *speaker.session->udp);
  EXPECT_EQ(result.outcome, Sfu::Result::Outcome::forwarded);
  EXPECT_TRUE(result.rtcp);
  ASSERT_EQ(sent.size(), 1u) << "not to the deafened member, not to another channel";
  EXPECT_EQ(sent[0].first, *listener.session->udp);
  TransportCipher cipher(listener.session->cipher->mode(), listener.key, 0);
  std::vector<std::uint8_t> rest;
  ASSERT_TRUE(cipher.open(sent[0].second, 8, rest));
  EXPECT_TRUE(std::equal(report.begin(), report.begin() + 8, sent[0].second.begin())) << "header as sent";
  EXPECT_EQ(rest, std::vector<std::uint8_t>(report.begin() + 8, report.end()));
  (void)elsewhere;
}

TEST_F(SfuTest, AKeyFrameRequestGoesToTheOwnerOfTheStreamItNamesOnly) {
  const auto camera = join(1);
  const auto viewer = join(2);
  join(3);
  add_camera(camera);
  const auto result =
      forward(client_rtcp(viewer, picture_loss(viewer.session->ssrc, camera.session->streams[0].ssrc)),
              *viewer.session->udp);
  EXPECT_EQ(result.outcome, Sfu::Result::Outcome::forwarded);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, *camera.session->udp);
}

TEST_F(SfuTest, RtcpInSomeoneElsesNameOrAboutAnotherChannelGoesNowhere) {
  const auto speaker = join(1);
  const auto listener = join(2);
  const auto elsewhere = join(3, 11);
  // A listener's compound whose second part claims to be the speaker's report.
  auto forged = picture_loss(listener.session->ssrc, speaker.session->ssrc);
  const auto claim = sender_report(speaker.session->ssrc, listener.session->ssrc);
  forged.insert(forged.end(), claim.begin(), claim.end());
  EXPECT_EQ(forward(client_rtcp(listener, forged), *listener.session->udp).outcome,
            Sfu::Result::Outcome::wrong_source);
  // Feedback from another channel about the speaker's stream.
  EXPECT_EQ(forward(client_rtcp(elsewhere, picture_loss(elsewhere.session->ssrc, speaker.session->ssrc)),
                    *elsewhere.session->udp)
                .outcome,
            Sfu::Result::Outcome::rtcp);
  // Lengths that do not add up.
  auto cut = picture_loss(listener.session->ssrc, speaker.session->ssrc);
  write_u16_be(&cut[2], 7);
  EXPECT_EQ(forward(client_rtcp(listener, cut), *listener.session->udp).outcome,
            Sfu::Result::Outcome::not_rtp);
  EXPECT_TRUE(sent.empty());
}

}  // namespace
}  // namespace accord::voice
