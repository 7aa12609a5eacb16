#include "voice/sfu.hpp"

#include "voice/rtp.hpp"

namespace accord::voice {

Sfu::Result Sfu::forward(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send) {
  using Outcome = Result::Outcome;
  // RTCP reports (sender/receiver reports) are for the hop they arrive on; an SFU that re-encrypts
  // would have to rewrite them, so they end here.
  if (is_rtcp(packet)) return {Outcome::rtcp};
  const auto header = parse_rtp_header(packet);
  if (!header) return {Outcome::not_rtp};
  auto* sender = sessions_.by_ssrc(header->ssrc);
  if (!sender || !sender->connected()) return {Outcome::unknown_sender};
  // Only the address that did IP discovery for this SSRC may send as it.
  if (!sender->udp || *sender->udp != from) return {Outcome::wrong_source};
  if (!sender->cipher->open(packet, header->clear_size, plaintext_)) return {Outcome::not_authentic};
  // An SSRC maps to the one session that owns it (its audio SSRC or a video SSRC its READY gave
  // it), so a packet sent as someone else's SSRC comes from the wrong address and ended above.
  const bool audio = sender->is_audio(header->ssrc);
  // A server-muted member (or one without SPEAK) is heard by no one; muting is about sound only.
  if (audio && sender->grant.mute) return {Outcome::muted};
  // Video needs STREAM in the channel: Discord's "Video" permission covers camera and Go Live.
  if (!audio && !sender->grant.video) return {Outcome::video_not_allowed};
  Result result{Outcome::forwarded};
  result.video = !audio;
  // DAVE frames end in the magic marker 0xFAFA (discord.md §7.8); the Opus silence frame never does.
  result.dave_frame =
      plaintext_.size() >= 2 && plaintext_[plaintext_.size() - 2] == 0xFA && plaintext_.back() == 0xFA;
  const auto clear = packet.first(header->clear_size);
  for (auto* receiver : sessions_.channel(sender->channel_id())) {
    if (receiver == sender || !receiver->connected() || !receiver->udp) continue;
    if (result.dave_frame && receiver->max_dave_version < 1) continue;
    // Deafened: nothing to hear. As on Discord, deafen is about sound: video still reaches them.
    if (audio && (receiver->grant.deaf || receiver->grant.self_deaf)) continue;
    receiver->cipher->seal(clear, plaintext_, sealed_);
    send(*receiver->udp, sealed_);
    ++result.receivers;
  }
  return result;
}

}  // namespace accord::voice
