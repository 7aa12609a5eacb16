#include "voice/sfu.hpp"

#include <algorithm>

#include "voice/rtcp.hpp"
#include "voice/rtp.hpp"

namespace accord::voice {
namespace {

// Another connected member of the sender's channel, with an address to send to.
bool is_peer(const VoiceSession& receiver, const VoiceSession& sender) {
  return &receiver != &sender && receiver.connected() && receiver.udp &&
         receiver.channel_id() == sender.channel_id();
}

// Whether the sender's audio or video goes out at all: a server-muted member (or one without SPEAK)
// is heard by no one, and video needs STREAM ("Video") in the channel, camera and Go Live alike.
bool is_sent(const VoiceSession& sender, bool audio) {
  return audio ? !sender.grant.mute : sender.grant.video;
}

// Deafened: nothing to hear. As on Discord, deafen is about sound: video still reaches them.
bool is_received(const VoiceSession& receiver, bool audio) {
  return !audio || !(receiver.grant.deaf || receiver.grant.self_deaf);
}

}  // namespace

VoiceSession* Sfu::open_from(std::span<const std::uint8_t> packet, std::uint32_t ssrc, std::size_t clear_size,
                             const UdpPeer& from, Result::Outcome& failure) {
  auto* sender = sessions_.by_ssrc(ssrc);
  failure = Result::Outcome::unknown_sender;
  if (!sender || !sender->connected()) return nullptr;
  // Only the address that did IP discovery for this SSRC may send as it.
  failure = Result::Outcome::wrong_source;
  if (!sender->udp || *sender->udp != from) return nullptr;
  failure = Result::Outcome::not_authentic;
  if (!sender->cipher->open(packet, clear_size, plaintext_)) return nullptr;
  return sender;
}

Sfu::Result Sfu::forward(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send) {
  using Outcome = Result::Outcome;
  if (is_rtcp(packet)) return forward_rtcp(packet, from, send);
  const auto header = parse_rtp_header(packet);
  if (!header) return {Outcome::not_rtp};
  Outcome failure;
  auto* sender = open_from(packet, header->ssrc, header->clear_size, from, failure);
  if (!sender) return {failure};
  // An SSRC maps to the one session that owns it (its audio SSRC or a video SSRC its READY gave
  // it), so a packet sent as someone else's SSRC comes from the wrong address and ended above.
  const bool audio = sender->is_audio(header->ssrc);
  if (!is_sent(*sender, audio)) return {audio ? Outcome::muted : Outcome::video_not_allowed};
  Result result{Outcome::forwarded};
  result.video = !audio;
  // DAVE frames end in the magic marker 0xFAFA (discord.md §7.8); the Opus silence frame never does.
  result.dave_frame =
      plaintext_.size() >= 2 && plaintext_[plaintext_.size() - 2] == 0xFA && plaintext_.back() == 0xFA;
  const auto clear = packet.first(header->clear_size);
  for (auto* receiver : sessions_.channel(sender->channel_id())) {
    if (!is_peer(*receiver, *sender) || !is_received(*receiver, audio)) continue;
    if (result.dave_frame && receiver->max_dave_version < 1) continue;
    receiver->cipher->seal(clear, plaintext_, sealed_);
    send(*receiver->udp, sealed_);
    ++result.receivers;
  }
  return result;
}

Sfu::Result Sfu::forward_rtcp(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send) {
  using Outcome = Result::Outcome;
  if (packet.size() < rtcp_clear_size) return {Outcome::not_rtp};
  Outcome failure;
  auto* sender = open_from(packet, read_u32_be(&packet[4]), rtcp_clear_size, from, failure);
  if (!sender) return {failure};
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
    if (!receiver || !is_peer(*receiver, *sender)) return;
    if (std::find(targets_.begin(), targets_.end(), receiver) == targets_.end()) targets_.push_back(receiver);
  };
  for (const auto stream : route->reported_streams) {
    // A stream no one receives (muted audio, video without STREAM) has no one to report to.
    const bool audio = sender->is_audio(stream);
    if (!is_sent(*sender, audio)) continue;
    for (auto* receiver : sessions_.channel(sender->channel_id()))
      if (is_received(*receiver, audio)) add(receiver);
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
