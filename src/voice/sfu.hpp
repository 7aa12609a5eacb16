#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "voice/voice_sessions.hpp"

namespace accord::voice {

// The selective forwarding unit: an RTP packet from one client goes to everyone else in its channel.
// The server holds every client's transport key, so it opens the packet with the sender's key and
// seals it again with each receiver's key and the receiver's own nonce counter. The RTP header
// (SSRC, sequence, timestamp, payload type) is kept, so receivers map it to the sender through op 5
// SPEAKING (audio) and op 12 VIDEO (video and RTX SSRCs). Video goes the same way as audio; only
// who may send and who receives differ (see forward()).
// RTCP goes where it is about (voice/rtcp.hpp): sender reports to those receiving that stream,
// receiver reports and NACK/PLI feedback to the owner of the media source they name.
// With DAVE the payload is end-to-end encrypted and opaque here: it is forwarded as it is, except
// to receivers without DAVE, who could not decode it (during a downgrade it still flows for a moment).
// Plain code without sockets: the caller passes how to send, tests and benchmarks pass their own.
class Sfu {
 public:
  explicit Sfu(VoiceSessions& sessions) : sessions_(sessions) {}

  using Send = std::function<void(const UdpPeer& to, std::span<const std::uint8_t> packet)>;
  struct Result {
    enum class Outcome {
      forwarded,
      not_rtp,
      rtcp,  // RTCP about no one else in the channel: it ends here
      unknown_sender,
      wrong_source,
      not_authentic,
      muted,
      video_not_allowed
    };
    Outcome outcome;
    std::size_t receivers = 0;
    bool video = false;       // sent as one of the sender's video SSRCs
    bool dave_frame = false;  // the payload ends in DAVE's 0xFAFA marker (end-to-end encrypted)
    bool rtcp = false;        // an RTCP packet, forwarded to `receivers`
  };
  Result forward(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send);

 private:
  Result forward_rtcp(std::span<const std::uint8_t> packet, const UdpPeer& from, const Send& send);
  // The connected session owning `ssrc`, when the packet came from its address and opens with its
  // key (into plaintext_); otherwise nullptr and `failure` says why.
  VoiceSession* open_from(std::span<const std::uint8_t> packet, std::uint32_t ssrc, std::size_t clear_size,
                          const UdpPeer& from, Result::Outcome& failure);

  VoiceSessions& sessions_;
  std::vector<std::uint8_t> compound_;  // an RTCP packet's clear header and decrypted rest
  std::vector<VoiceSession*> targets_;
  std::vector<std::uint8_t> plaintext_;  // reused: no allocation per packet once warm
  std::vector<std::uint8_t> sealed_;
};

}  // namespace accord::voice
