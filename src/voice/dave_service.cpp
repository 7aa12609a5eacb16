#include "voice/dave_service.hpp"

namespace accord::voice {

VoiceSession* DaveService::Channel::member(Snowflake user_id) const {
  for (auto* session : sessions.channel(channel_id))
    if (session->user_id == user_id) return session;
  return nullptr;
}

void DaveService::Channel::send_json(Snowflake user_id, int op, const std::string& d_json) {
  if (auto* session = member(user_id)) session->send(op, d_json);
}

void DaveService::Channel::send_binary(Snowflake user_id, int op, const mls::Bytes& payload) {
  if (auto* session = member(user_id)) session->send_binary(op, payload);
}

DaveGroup* DaveService::group(Snowflake channel_id) {
  auto it = channels_.find(channel_id);
  return it == channels_.end() ? nullptr : &it->second->group;
}

int DaveService::join(const VoiceSession& session, bool dave_allowed) {
  auto& channel = channels_[session.channel_id()];
  if (!channel) channel = std::make_unique<Channel>(sessions_, session.channel_id(), key_, dave_allowed);
  return channel->group.join(session.user_id, session.max_dave_version, DaveGroup::Clock::now());
}

void DaveService::connected(const VoiceSession& session) {
  if (auto* found = group(session.channel_id())) found->connected(session.user_id);
}

void DaveService::leave(Snowflake channel_id, Snowflake user_id) {
  auto it = channels_.find(channel_id);
  if (it == channels_.end()) return;
  it->second->group.leave(user_id);
  if (it->second->group.empty()) channels_.erase(it);
}

int DaveService::version(Snowflake channel_id) const {
  auto it = channels_.find(channel_id);
  return it == channels_.end() ? 0 : it->second->group.version();
}

void DaveService::handle_json(const VoiceSession& session, int op, std::int64_t transition_id) {
  auto* found = group(session.channel_id());
  if (!found) return;
  if (op == dave_op::transition_ready && transition_id >= 0 && transition_id <= 0xffff)
    found->transition_ready(session.user_id, static_cast<std::uint16_t>(transition_id));
  if (op == dave_op::invalid_commit_welcome) found->invalid_commit_welcome(session.user_id);
}

void DaveService::handle_binary(const VoiceSession& session, int op, mls::ByteView payload) {
  auto* found = group(session.channel_id());
  if (!found) return;
  if (op == dave_op::key_package) found->key_package(session.user_id, payload);
  if (op == dave_op::commit_welcome) found->commit_welcome(session.user_id, payload, DaveGroup::Clock::now());
}

void DaveService::tick() {
  const auto now = DaveGroup::Clock::now();
  for (auto& [id, channel] : channels_) channel->group.tick(now);
}

}  // namespace accord::voice
