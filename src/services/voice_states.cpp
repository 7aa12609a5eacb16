#include "services/voice_states.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <tuple>
#include <vector>

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

constexpr const char* voice_grant_event = "VOICE_GRANT";
constexpr const char* states_wanted_event = "VOICE_STATES_WANTED";
// A node's voice server says it is alive every 5 s; three missed and its calls may move elsewhere.
constexpr std::int64_t voice_node_alive_ms = 15'000;

}  // namespace

VoiceStateService::VoiceStateService(ServiceContext& context, Access& access)
    : context_(context), access_(access) {
  grant_events_ =
      context_.bus.subscribe(Audience::voice_servers(), [this](const std::shared_ptr<const Event>& event) {
        if (event->name == voice_grant_event) on_voice_grant(*event);
        if (event->name == states_wanted_event) on_states_wanted(*event);
      });
}

void VoiceStateService::set_voice_server(std::string endpoint,
                                         std::function<void(const VoiceChange&)> on_change) {
  const bool starting = static_cast<bool>(on_change);
  {
    std::lock_guard lock(mutex_);
    endpoint_ = std::move(endpoint);
    on_change_ = std::move(on_change);
  }
  if (!context_.bus.keeps_log()) return;
  if (starting) {
    announce_voice_server();
    // What the others hold, so this node's view starts complete (and no state of an earlier run of
    // this node lingers in theirs).
    context_.bus.publish({states_wanted_event,
                          boost::json::object{{"node", context_.config.get()->node.worker_id}},
                          Audience::voice_servers()});
    return;
  }
  // Stopping: other nodes may host this node's calls at once. If the database cannot be told,
  // they will after voice_node_alive_ms; a stop must not fail for it.
  try {
    context_.store.forget_voice_node(context_.config.get()->node.worker_id);
  } catch (const std::exception& failure) {
    spdlog::warn("voice: could not remove this node from voice_nodes: {}", failure.what());
  }
}

void VoiceStateService::announce_voice_server() {
  if (!context_.bus.keeps_log()) return;
  std::string endpoint;
  {
    std::lock_guard lock(mutex_);
    endpoint = endpoint_;
  }
  if (endpoint.empty()) return;
  std::vector<std::int64_t> silent;
  try {
    const auto now = context_.clock.now_ms();
    context_.store.record_voice_node(context_.config.get()->node.worker_id, endpoint, now);
    silent = context_.store.claim_silent_voice_nodes(now - voice_node_alive_ms);
  } catch (const std::exception& failure) {
    // Missed beats only risk this node's calls moving elsewhere; the next one may get through.
    spdlog::warn("voice: could not record this node in voice_nodes: {}", failure.what());
  }
  for (const auto node : silent) {
    spdlog::info("voice: node {} went silent; ending its members' voice states", node);
    end_states_of_node(node);
  }
}

void VoiceStateService::end_states_of_node(std::int64_t node) {
  std::vector<std::tuple<Snowflake, Snowflake, std::string>> ended;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [guild_id, users] : grants_)
      for (const auto& [user_id, shared] : users)
        if (shared.node == node) ended.emplace_back(guild_id, user_id, shared.state.session_id);
  }
  // Its gateway sessions are gone with it: everyone sees them leave, as when a session ends.
  for (const auto& [guild_id, user_id, session_id] : ended) {
    State gone{0, session_id};
    publish(guild_id, user_id, &gone);
    tell_voice_servers(guild_id, user_id, nullptr);
  }
}

void VoiceStateService::on_states_wanted(const Event& event) {
  const auto* payload = event.payload.if_object();
  const auto* node = payload ? payload->if_contains("node") : nullptr;
  if (!node || !node->is_int64() || node->as_int64() == context_.config.get()->node.worker_id) return;
  std::vector<std::pair<Snowflake, std::pair<Snowflake, State>>> mine;
  {
    std::lock_guard lock(mutex_);
    // Whatever that node held before it (re)started is gone.
    for (auto guild = grants_.begin(); guild != grants_.end();) {
      std::erase_if(guild->second, [&](const auto& entry) { return entry.second.node == node->as_int64(); });
      guild = guild->second.empty() ? grants_.erase(guild) : std::next(guild);
    }
    for (const auto& [guild_id, users] : by_guild_)
      for (const auto& [user_id, state] : users) mine.push_back({guild_id, {user_id, state}});
  }
  for (const auto& [guild_id, entry] : mine) tell_voice_servers(guild_id, entry.first, &entry.second);
}

std::string VoiceStateService::voice_endpoint_for(Snowflake channel_id, const std::string& own_endpoint) {
  if (!context_.bus.keeps_log()) return own_endpoint;
  const auto worker_id = context_.config.get()->node.worker_id;
  try {
    return context_.store.place_voice_channel(channel_id, worker_id,
                                              context_.clock.now_ms() - voice_node_alive_ms);
  } catch (const std::exception& failure) {
    // This node not recorded yet (its first beat failed): it records itself and takes the call.
    spdlog::warn("voice: placing channel {} failed ({}); trying again as its host", channel_id,
                 failure.what());
    context_.store.record_voice_node(worker_id, own_endpoint, context_.clock.now_ms());
    return context_.store.place_voice_channel(channel_id, worker_id,
                                              context_.clock.now_ms() - voice_node_alive_ms);
  }
}

void VoiceStateService::on_voice_grant(const Event& event) {
  const auto* payload = event.payload.if_object();
  if (!payload) return;
  const auto guild_id = id_value(*payload, "guild_id");
  const auto user_id = id_value(*payload, "user_id");
  if (!guild_id || !user_id) return;
  VoiceChange change{*guild_id, *user_id, {}, {}};
  const auto* token = payload->if_contains("token");
  const auto* session_id = payload->if_contains("session_id");
  const auto* node = payload->if_contains("node");
  Shared shared;
  if (token && token->is_string() && !token->as_string().empty() && session_id && session_id->is_string()) {
    shared.state = {id_value(*payload, "channel_id").value_or(0),
                    std::string(session_id->as_string()),
                    flag(*payload, "self_mute"),
                    flag(*payload, "self_deaf"),
                    flag(*payload, "mute"),
                    flag(*payload, "deaf"),
                    std::string(token->as_string()),
                    flag(*payload, "video")};
    shared.node = node && node->is_int64() ? node->as_int64() : 0;
    change.token = shared.state.token;
    change.grant = grant_of(shared.state);
  }
  std::function<void(const VoiceChange&)> on_change;
  {
    std::lock_guard lock(mutex_);
    auto& guild = grants_[change.guild_id];
    if (change.token.empty()) {
      guild.erase(change.user_id);
      if (guild.empty()) grants_.erase(change.guild_id);
    } else {
      guild[change.user_id] = std::move(shared);
    }
    on_change = on_change_;
  }
  if (on_change) on_change(change);
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

void VoiceStateService::tell_voice_servers(Snowflake guild_id, Snowflake user_id, const State* state) {
  boost::json::object grant{{"guild_id", to_string(guild_id)},
                            {"user_id", to_string(user_id)},
                            {"node", context_.config.get()->node.worker_id}};
  if (state && state->channel_id) {
    grant["self_mute"] = state->self_mute;
    grant["session_id"] = state->session_id;
    grant["token"] = state->token;
    grant["channel_id"] = to_string(state->channel_id);
    grant["mute"] = state->mute;
    grant["deaf"] = state->deaf;
    grant["self_deaf"] = state->self_deaf;
    grant["video"] = state->video;
  }
  context_.bus.publish({voice_grant_event, std::move(grant), Audience::voice_servers()});
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
      if (const auto guild = grants_.find(*guild_id); guild != grants_.end()) {
        for (const auto& [other, shared] : guild->second)
          if (other != user_id && shared.state.channel_id == *channel_id) ++present;
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
  // Voice servers hear of the token before the client does, so it is known when the client comes.
  tell_voice_servers(*guild_id, user_id, &state);
  std::string endpoint;
  {
    std::lock_guard lock(mutex_);
    endpoint = endpoint_;
  }
  if (new_connection && !endpoint.empty()) {
    // Only the session that joined hears where to connect, and with which token.
    Event event{"VOICE_SERVER_UPDATE",
                {{"token", state.token},
                 {"guild_id", to_string(*guild_id)},
                 {"endpoint", voice_endpoint_for(state.channel_id, endpoint)}},
                Audience::user(user_id)};
    event.session_id = session_id;
    context_.bus.publish(std::move(event));
  }
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
    tell_voice_servers(guild_id, user_id, nullptr);
  }
}

std::optional<VoiceGrant> VoiceStateService::grant(Snowflake guild_id, Snowflake user_id,
                                                   std::string_view session_id,
                                                   std::string_view token) const {
  std::lock_guard lock(mutex_);
  const auto guild = grants_.find(guild_id);
  if (guild == grants_.end()) return std::nullopt;
  const auto it = guild->second.find(user_id);
  if (it == guild->second.end()) return std::nullopt;
  const auto& state = it->second.state;
  if (state.session_id != session_id || state.token.empty() || state.token.size() != token.size() ||
      sodium_memcmp(state.token.data(), token.data(), token.size()) != 0) {
    return std::nullopt;
  }
  return grant_of(state);
}

VoiceGrant VoiceStateService::grant_of(const State& state) {
  return {state.channel_id, state.mute, state.deaf, state.self_deaf, state.video};
}

boost::json::array VoiceStateService::guild_states(Snowflake guild_id) const {
  std::lock_guard lock(mutex_);
  boost::json::array list;
  if (auto it = grants_.find(guild_id); it != grants_.end()) {
    for (const auto& [user_id, shared] : it->second)
      list.push_back(state_json(guild_id, user_id, shared.state));
  }
  return list;
}

}  // namespace accord
