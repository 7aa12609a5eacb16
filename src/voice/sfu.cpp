#include "voice/sfu.hpp"

#include <algorithm>

#include "voice/rtcp.hpp"
#include "voice/rtp.hpp"

namespace accord::voice {

Sfu::Result Sfu::forward(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send) {
  using Outcome = Result::Outcome;
  if (is_rtcp(packet)) return forward_rtcp(packet, from, send);
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

Sfu::Result Sfu::forward_rtcp(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send) {
  using Outcome = Result::Outcome;
  if (packet.size() < rtcp_clear_size) return {Outcome::not_rtp};
  auto* sender = sessions_.by_ssrc(read_u32_be(&packet[4]));
  if (!sender || !sender->connected()) return {Outcome::unknown_sender};
  if (!sender->udp || *sender->udp != from) return {Outcome::wrong_source};
  if (!sender->cipher->open(packet, rtcp_clear_size, plaintext_)) return {Outcome::not_authentic};
  const auto clear = packet.first(rtcp_clear_size);
  compound_.assign(clear.begin(), clear.end());
  compound_.insert(compound_.end(), plaintext_.begin(), plaintext_.end());
  const auto route = route_rtcp(compound_);
  if (!route) return {Outcome::not_rtp};
  // A report in someone else's name would reach their peers as theirs.
  for (const auto ssrc : route->senders)
    if (sessions_.by_ssrc(ssrc) != sender) return {Outcome::wrong_source};

  targets_.clear();
  const auto add = [&](VoiceSession* receiver) {
    if (!receiver || receiver == sender || !receiver->connected() || !receiver->udp) return;
    if (receiver->channel_id() != sender->channel_id()) return;
    if (std::find(targets_.begin(), targets_.end(), receiver) == targets_.end()) targets_.push_back(receiver);
  };
  for (const auto stream : route->reported_streams) {
    // A stream no one receives (muted audio, video without STREAM) has no one to report to.
    const bool audio = sender->is_audio(stream);
    if (audio ? sender->grant.mute : !sender->grant.video) continue;
    for (auto* receiver : sessions_.channel(sender->channel_id()))
      if (!audio || !(receiver->grant.deaf || receiver->grant.self_deaf)) add(receiver);
  }
  for (const auto source : route->sources) add(sessions_.by_ssrc(source));

  Result result{targets_.empty() ? Outcome::rtcp : Outcome::forwarded};
  result.rtcp = true;
  for (auto* receiver : targets_) {
    receiver->cipher->seal(clear, plaintext_, sealed_);
    send(*receiver->udp, sealed_);
    ++result.receivers;
  }
  return result;
}

}  // namespace accord::voice
