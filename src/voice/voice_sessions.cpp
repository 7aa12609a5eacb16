#include "voice/voice_sessions.hpp"

#include <sodium.h>

namespace accord::voice {
namespace {

// Enough for a few seconds of signalling; a client further behind than this cannot resume anyway.
constexpr std::size_t max_unacknowledged = 64;

}  // namespace

void VoiceSession::send(int op, const std::string& d_json) {
  std::string text = R"({"op":)" + std::to_string(op) + R"(,"d":)" + d_json;
  if (version >= 8) {
    // @discordjs/voice takes `seq` only when truthy, so numbering starts at 1.
    text += R"(,"seq":)" + std::to_string(++seq) + "}";
    unacknowledged.emplace_back(seq, text, false);
    if (unacknowledged.size() > max_unacknowledged) unacknowledged.pop_front();
  } else {
    text += "}";
  }
  if (client) client->send_text(std::move(text));
}

void VoiceSession::send_binary(int op, std::span<const std::uint8_t> payload) {
  // Binary frames exist from v8 on only (DAVE needs it), so they are always numbered; the
  // 16-bit field wraps as the JSON seq would never need to.
  ++seq;
  std::string frame;
  frame.reserve(3 + payload.size());
  frame.push_back(static_cast<char>((seq >> 8) & 0xff));
  frame.push_back(static_cast<char>(seq & 0xff));
  frame.push_back(static_cast<char>(op));
  frame.append(reinterpret_cast<const char*>(payload.data()), payload.size());
  unacknowledged.emplace_back(seq, frame, true);
  if (unacknowledged.size() > max_unacknowledged) unacknowledged.pop_front();
  if (client) client->send_binary(std::move(frame));
}

bool VoiceSession::owns_video_ssrc(std::uint32_t media_ssrc) const {
  if (media_ssrc == 0) return false;
  for (const auto& stream : streams)
    if (stream.ssrc == media_ssrc || stream.rtx_ssrc == media_ssrc) return true;
  return false;
}

void VoiceSession::acknowledge(std::int64_t seq_ack) {
  while (!unacknowledged.empty() && unacknowledged.front().seq <= seq_ack) unacknowledged.pop_front();
}

VoiceSessions::VoiceSessions() : last_ssrc_(randombytes_uniform(1u << 30)) {}

std::uint32_t VoiceSessions::next_ssrc() {
  // Sequential from a random start: unique on this server, never 0.
  do {
    ++last_ssrc_;
  } while (last_ssrc_ == 0 || by_ssrc_.contains(last_ssrc_));
  return last_ssrc_;
}

VoiceSession& VoiceSessions::add(Snowflake guild_id, Snowflake user_id, const VoiceGrant& grant,
                                 std::unique_ptr<VoiceSession>& replaced) {
  replaced = remove(guild_id, user_id);
  auto session = std::make_unique<VoiceSession>();
  session->guild_id = guild_id;
  session->user_id = user_id;
  session->grant = grant;
  session->ssrc = next_ssrc();
  auto& result = *session;
  by_ssrc_[result.ssrc] = &result;
  by_channel_[grant.channel_id].push_back(&result);
  sessions_[Key{guild_id, user_id}] = std::move(session);
  count_.store(sessions_.size(), std::memory_order_relaxed);
  return result;
}

void VoiceSessions::add_streams(VoiceSession& session, std::vector<VideoStream> requested) {
  for (auto& stream : requested) {
    if (session.streams.size() >= max_video_streams) break;
    stream.ssrc = next_ssrc();
    by_ssrc_[stream.ssrc] = &session;
    stream.rtx_ssrc = next_ssrc();
    by_ssrc_[stream.rtx_ssrc] = &session;
    session.streams.push_back(std::move(stream));
  }
}

std::unique_ptr<VoiceSession> VoiceSessions::remove(Snowflake guild_id, Snowflake user_id) {
  auto it = sessions_.find(Key{guild_id, user_id});
  if (it == sessions_.end()) return nullptr;
  auto session = std::move(it->second);
  sessions_.erase(it);
  count_.store(sessions_.size(), std::memory_order_relaxed);
  by_ssrc_.erase(session->ssrc);
  for (const auto& stream : session->streams) {
    by_ssrc_.erase(stream.ssrc);
    by_ssrc_.erase(stream.rtx_ssrc);
  }
  auto& members = by_channel_[session->channel_id()];
  std::erase(members, session.get());
  if (members.empty()) by_channel_.erase(session->channel_id());
  return session;
}

VoiceSession* VoiceSessions::find(Snowflake guild_id, Snowflake user_id) {
  auto it = sessions_.find(Key{guild_id, user_id});
  return it == sessions_.end() ? nullptr : it->second.get();
}

VoiceSession* VoiceSessions::by_ssrc(std::uint32_t ssrc) {
  auto it = by_ssrc_.find(ssrc);
  return it == by_ssrc_.end() ? nullptr : it->second;
}

const std::vector<VoiceSession*>& VoiceSessions::channel(Snowflake channel_id) const {
  static const std::vector<VoiceSession*> nobody;
  auto it = by_channel_.find(channel_id);
  return it == by_channel_.end() ? nobody : it->second;
}

std::vector<VoiceSession*> VoiceSessions::peers(const VoiceSession& session) const {
  std::vector<VoiceSession*> result;
  for (auto* other : channel(session.channel_id()))
    if (other != &session) result.push_back(other);
  return result;
}

std::vector<VoiceSession*> VoiceSessions::all() {
  std::vector<VoiceSession*> result;
  for (auto& [key, session] : sessions_) result.push_back(session.get());
  return result;
}

}  // namespace accord::voice
