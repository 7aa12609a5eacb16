#include "services/voice_states.hpp"

#include <sodium.h>

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/random_token.hpp"

namespace accord {
namespace {

std::optional<Snowflake> id_value(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value ? snowflake_value(*value) : std::nullopt;
}

bool flag(const boost::json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value && value->is_bool() && value->as_bool();
}

}  // namespace

void VoiceStateService::set_voice_server(std::string endpoint,
                                         std::function<void(const VoiceChange&)> on_change) {
  std::lock_guard lock(mutex_);
  endpoint_ = std::move(endpoint);
  on_change_ = std::move(on_change);
}

boost::json::object VoiceStateService::state_json(Snowflake guild_id, Snowflake user_id, const State& state) {
  return {{"guild_id", to_string(guild_id)},
          {"channel_id", state.channel_id ? boost::json::value(to_string(state.channel_id)) : nullptr},
          {"user_id", to_string(user_id)},
          {"session_id", state.session_id},
          {"deaf", state.deaf},
          {"mute", state.mute},
          {"self_deaf", state.self_deaf},
          {"self_mute", state.self_mute},
          {"self_video", false},
          {"self_stream", false},
          {"suppress", false},
          {"request_to_speak_timestamp", nullptr}};
}

void VoiceStateService::publish(Snowflake guild_id, Snowflake user_id, const State* state) {
  State left{0, state ? state->session_id : std::string()};
  auto json = state_json(guild_id, user_id, state && state->channel_id ? *state : left);
  if (auto member = context_.store.find_member(guild_id, user_id)) {
    const auto user = context_.store.find_user(user_id);
    json["member"] = member_json(*member, user ? &*user : nullptr);
  }
  context_.bus.publish({"VOICE_STATE_UPDATE", std::move(json), Audience::guild(guild_id), std::nullopt,
                        intent::guild_voice_states});
}

void VoiceStateService::tell_voice_server(Snowflake guild_id, Snowflake user_id, const State* state) {
  std::string endpoint;
  std::function<void(const VoiceChange&)> on_change;
  {
    std::lock_guard lock(mutex_);
    endpoint = endpoint_;
    on_change = on_change_;
  }
  if (!on_change) return;
  VoiceChange change{guild_id, user_id, {}, {}};
  if (state && state->channel_id) {
    change.token = state->token;
    change.grant = {state->channel_id, state->mute, state->deaf, state->self_deaf, state->video};
  }
  on_change(change);
}

void VoiceStateService::update(Snowflake user_id, const std::string& session_id,
                               const boost::json::value& data) {
  const auto* object = data.if_object();
  if (!object) throw ApiError::invalid_field("d", "MODEL_TYPE_CONVERT", "Must be an object.");
  const auto guild_id = id_value(*object, "guild_id");
  if (!guild_id) throw ApiError::invalid_field("guild_id", "BASE_TYPE_REQUIRED", "This field is required");
  const auto channel_id = id_value(*object, "channel_id");
  State state{0, session_id, flag(*object, "self_mute"), flag(*object, "self_deaf")};
  if (channel_id) {
    auto access = access_.require_in_channel(*channel_id, user_id, permission::connect);
    if (access.channel.guild_id != guild_id || !is_voice_based(access.channel.type)) {
      throw ApiError(400, 50024, "Cannot execute action on this channel type");
    }
    // A full channel admits only those who may move members anyway.
    if (const auto limit = access.channel.user_limit.value_or(0);
        limit > 0 && !has(access.permissions, permission::move_members)) {
      std::lock_guard lock(mutex_);
      std::int64_t present = 0;
      for (const auto& [other, other_state] : by_guild_[*guild_id]) {
        if (other != user_id && other_state.channel_id == *channel_id) ++present;
      }
      if (present >= limit) throw ApiError::missing_permissions();
    }
    state.channel_id = *channel_id;
    const auto member = context_.store.find_member(*guild_id, user_id);
    state.mute = !has(access.permissions, permission::speak) || (member && member->mute);
    state.deaf = member && member->deaf;
    // Discord's STREAM permission ("Video") covers the camera as well as Go Live.
    state.video = has(access.permissions, permission::stream);
  } else {
    access_.membership(*guild_id, user_id);
  }
  bool new_connection = false;
  {
    std::lock_guard lock(mutex_);
    auto& guild = by_guild_[*guild_id];
    auto it = guild.find(user_id);
    if (state.channel_id) {
      // Joining, moving or another session taking over needs a new voice connection, so a new
      // token; toggling self mute or deafen keeps the connection as it is.
      new_connection = it == guild.end() || it->second.channel_id != state.channel_id ||
                       it->second.session_id != session_id;
      state.token = new_connection ? random_token(16) : it->second.token;
      guild[user_id] = state;
    } else if (it == guild.end()) {
      return;  // leaving a channel you are not in changes nothing
    } else {
      guild.erase(it);
    }
  }
  publish(*guild_id, user_id, &state);
  std::string endpoint;
  {
    std::lock_guard lock(mutex_);
    endpoint = endpoint_;
  }
  if (new_connection && !endpoint.empty()) {
    // Only the session that joined hears where to connect, and with which token.
    Event event{"VOICE_SERVER_UPDATE",
                {{"token", state.token}, {"guild_id", to_string(*guild_id)}, {"endpoint", endpoint}},
                Audience::user(user_id)};
    event.session_id = session_id;
    context_.bus.publish(std::move(event));
  }
  tell_voice_server(*guild_id, user_id, &state);
}

void VoiceStateService::session_ended(Snowflake user_id, const std::string& session_id) {
  std::vector<Snowflake> left;
  {
    std::lock_guard lock(mutex_);
    for (auto& [guild_id, states] : by_guild_) {
      auto it = states.find(user_id);
      if (it != states.end() && it->second.session_id == session_id) {
        states.erase(it);
        left.push_back(guild_id);
      }
    }
  }
  for (auto guild_id : left) {
    State gone{0, session_id};
    publish(guild_id, user_id, &gone);
    tell_voice_server(guild_id, user_id, nullptr);
  }
}

std::optional<VoiceGrant> VoiceStateService::grant(Snowflake guild_id, Snowflake user_id,
                                                   std::string_view session_id,
                                                   std::string_view token) const {
  std::lock_guard lock(mutex_);
  const auto guild = by_guild_.find(guild_id);
  if (guild == by_guild_.end()) return std::nullopt;
  const auto it = guild->second.find(user_id);
  if (it == guild->second.end() || it->second.session_id != session_id || it->second.token.empty() ||
      it->second.token.size() != token.size() ||
      sodium_memcmp(it->second.token.data(), token.data(), token.size()) != 0) {
    return std::nullopt;
  }
  const auto& state = it->second;
  return VoiceGrant{state.channel_id, state.mute, state.deaf, state.self_deaf, state.video};
}

boost::json::array VoiceStateService::guild_states(Snowflake guild_id) const {
  std::lock_guard lock(mutex_);
  boost::json::array list;
  if (auto it = by_guild_.find(guild_id); it != by_guild_.end()) {
    for (const auto& [user_id, state] : it->second) list.push_back(state_json(guild_id, user_id, state));
  }
  return list;
}

}  // namespace accord
