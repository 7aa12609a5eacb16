#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/live_config.hpp"
#include "services/voice_states.hpp"

namespace accord::voice {

// The voice server: the voice gateway (WebSocket over TLS) and the UDP media socket, on a thread
// of their own. Every voice session, key and SSRC lives on that thread, so the media path takes no
// locks. The main gateway reaches it through VoiceStateService (tokens out, changes in).
class VoiceServer {
 public:
  VoiceServer(const LiveConfig& config, VoiceStateService& voice_states, std::filesystem::path data_dir);
  ~VoiceServer();

  // Binds both sockets, makes or loads the TLS certificate, starts the thread; returns the
  // endpoint clients are sent ("host:port").
  std::string start();
  void stop();

  // For /metrics; readable from any thread.
  std::size_t session_count() const;
  std::uint64_t packets_received() const;
  std::uint64_t packets_forwarded() const;
  std::uint64_t packets_dropped() const;
  // Forwarded packets whose payload is a DAVE frame: media the server relayed and could not read.
  std::uint64_t dave_packets_forwarded() const;
  std::uint64_t rtcp_packets_forwarded() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace accord::voice
