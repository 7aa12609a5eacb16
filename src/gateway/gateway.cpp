#include "gateway/gateway.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "gateway/opcodes.hpp"

namespace accord::gateway {
namespace {

constexpr std::uint64_t privileged_intents =
    intent::guild_members | intent::guild_presences | intent::message_content;
constexpr std::uint64_t known_intents = (1ull << 26) - 1;

std::string random_session_id() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

// A cluster's session ids say whose session it is and how it was identified, sealed with the instance
// secret, so any node can take over a session whose node went away: "gw:user:intents:shard:count:random".
struct SealedSession {
  Snowflake user_id;
  std::uint64_t intents;
  int shard_id;
  int shard_count;
};

std::optional<SealedSession> read_sealed_session(const TokenSigner& tokens, std::string_view session_id) {
  const auto text = tokens.unseal(session_id);
  if (!text || !text->starts_with("gw:")) return std::nullopt;
  std::vector<std::string_view> fields;
  std::string_view rest = std::string_view(*text).substr(3);
  for (auto colon = rest.find(':'); colon != std::string_view::npos; colon = rest.find(':')) {
    fields.push_back(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  fields.push_back(rest);
  if (fields.size() != 5) return std::nullopt;
  const auto user_id = parse_snowflake(fields[0]);
  const auto intents = parse_snowflake(fields[1]);
  const auto shard_id = parse_snowflake(fields[2]);
  const auto shard_count = parse_snowflake(fields[3]);
  if (!user_id || !intents || !shard_id || !shard_count || *shard_count < 1 || *shard_count > 4096 ||
      *shard_id >= *shard_count) {
    return std::nullopt;
  }
  return SealedSession{*user_id, *intents, static_cast<int>(*shard_id), static_cast<int>(*shard_count)};
}

const boost::json::object& object_or_close(const boost::json::value& data) {
  if (!data.is_object()) throw CloseError(close_code::decode_error, "payload d must be an object");
  return data.as_object();
}

}  // namespace

std::string public_gateway_url(const Config& config, std::string_view host, std::uint16_t local_port) {
  std::string_view base = config.http.public_url;
  std::string authority;
  if (base.empty()) {
    authority = host.empty() ? std::string_view("127.0.0.1") : host;
    const auto bracket = authority.find(']');  // an IPv6 literal's colons are not a port
    const bool has_port =
        authority.find(':', bracket == std::string::npos ? 0 : bracket) != std::string::npos;
    if (!has_port && local_port != 80 && local_port != 0)
      authority.append(":").append(std::to_string(local_port));
    return std::string("ws://").append(authority);
  }
  if (base.starts_with("https://")) return std::string("wss://").append(base.substr(8));
  if (base.starts_with("http://")) return std::string("ws://").append(base.substr(7));
  return std::string(base);
}

std::string_view bare_token(std::string_view token) {
  if (token.starts_with("Bot ")) token.remove_prefix(4);
  return token;
}

Gateway::Gateway(ServiceContext& context, SessionService& sessions, GuildService& guilds, Access& access,
                 PresenceService& presence, VoiceStateService& voice, SessionStartBudget& starts,
                 RelationshipService& relationships, PrivateChannelService& private_channels,
                 UserSettingsService& user_settings)
    : context_(context),
      sessions_(sessions),
      guilds_(guilds),
      access_(access),
      presence_(presence),
      voice_(voice),
      starts_(starts),
      relationships_(relationships),
      private_channels_(private_channels),
      user_settings_(user_settings) {}

boost::json::array Gateway::read_state_entries(Snowflake user_id) {
  boost::json::array entries;
  for (const auto& state : context_.store.list_read_states(user_id)) {
    entries.push_back({{"id", to_string(state.channel_id)},
                       {"last_message_id", to_string(state.last_message_id)},
                       {"mention_count", state.mention_count},
                       {"last_pin_timestamp", "1970-01-01T00:00:00+00:00"}});
  }
  return entries;
}

Attached Gateway::identify(const boost::json::value& data, Session::Sink sink,
                           const std::string& resume_url) {
  const auto& d = object_or_close(data);
  const auto* token = d.if_contains("token");
  if (!token || !token->is_string())
    throw CloseError(close_code::authentication_failed, "Authentication failed.");
  auto caller = sessions_.authenticate(bare_token(token->as_string()));
  if (!caller) throw CloseError(close_code::authentication_failed, "Authentication failed.");

  Session::Identity identity;
  identity.user = caller->user;
  if (const auto* intents = d.if_contains("intents"); intents && !intents->is_null()) {
    if (!intents->is_int64() || intents->as_int64() < 0 ||
        (static_cast<std::uint64_t>(intents->as_int64()) & ~known_intents)) {
      throw CloseError(close_code::invalid_intents, "Invalid intent(s).");
    }
    identity.intents = static_cast<std::uint64_t>(intents->as_int64());
  } else if (caller->user.bot) {
    throw CloseError(close_code::invalid_intents, "Invalid intent(s).");
  } else {
    identity.intents = known_intents;  // people's clients do not send intents; they get everything
  }
  if ((identity.intents & privileged_intents) && caller->user.bot &&
      !context_.config.get()->gateway.privileged_intents_allowed) {
    throw CloseError(close_code::disallowed_intents, "Disallowed intent(s).");
  }
  if (const auto* shard = d.if_contains("shard"); shard && !shard->is_null()) {
    const auto* pair = shard->if_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_int64() || !(*pair)[1].is_int64() ||
        (*pair)[1].as_int64() < 1 || (*pair)[0].as_int64() < 0 ||
        (*pair)[0].as_int64() >= (*pair)[1].as_int64() || (*pair)[1].as_int64() > 4096) {
      throw CloseError(close_code::invalid_shard, "Invalid shard.");
    }
    identity.shard_id = static_cast<int>((*pair)[0].as_int64());
    identity.shard_count = static_cast<int>((*pair)[1].as_int64());
  }
  identity.session_id = new_session_id(identity);

  if (!starts_.spend(identity.user.id))
    throw CloseError(close_code::rate_limited, "Session start limit reached.");
  auto session = new_session(identity);
  // In a cluster the client's sequence starts where the shared log is now (see Session::log_shift).
  session->begin_at(static_cast<std::int64_t>(context_.bus.log_head() << Session::log_shift));
  const auto guild_ids = followed_guild_ids(*session);
  std::vector<Snowflake> private_channel_ids;
  boost::json::array private_channels;
  for (const auto& channel : context_.store.list_private_channels(identity.user.id)) {
    private_channel_ids.push_back(channel.id);
    private_channels.push_back(private_channels_.to_json(channel, identity.user.id));
  }
  const auto attachment = *session->attach(std::move(sink), std::nullopt);
  // Subscribe before reading state, so nothing that happens in between is lost.
  session->start(guild_ids, private_channel_ids);

  boost::json::array guilds;
  for (auto id : guild_ids) guilds.push_back({{"id", to_string(id)}, {"unavailable", true}});
  boost::json::object ready{
      {"v", 10},
      {"user", private_user_json(identity.user)},
      {"guilds", std::move(guilds)},
      {"session_id", identity.session_id},
      {"session_type", "normal"},
      {"resume_gateway_url", resume_url},
      {"private_channels", std::move(private_channels)},
      {"relationships", relationships_.list(Caller{identity.user, 0, std::nullopt})},
      {"presences", presence_.friend_presences(identity.user.id)},
      {"guild_join_requests", boost::json::array{}},
      {"geo_ordered_rtc_regions", boost::json::array{}},
      {"user_settings",
       identity.user.bot ? boost::json::object{} : user_settings_.settings(identity.user.id)},
      {"user_guild_settings",
       {{"entries", user_settings_.guild_settings(identity.user.id)}, {"partial", false}, {"version", 0}}},
      {"read_state", {{"entries", read_state_entries(identity.user.id)}, {"partial", false}, {"version", 0}}},
      {"auth_session_id_hash", identity.session_id},
      {"_trace", boost::json::array{"accord"}},
  };
  if (d.contains("shard")) ready["shard"] = {identity.shard_id, identity.shard_count};
  if (identity.user.bot) {
    const auto application = context_.store.find_application_by_bot(identity.user.id);
    ready["application"] = {{"id", to_string(application ? application->id : identity.user.id)},
                            {"flags", application ? application->flags : 0}};
  }
  {
    // Known (resumable, counted) before the client can hear of it: a client may act on READY at once.
    std::lock_guard lock(mutex_);
    by_id_[identity.session_id] = session;
  }
  session->dispatch("READY", boost::json::serialize(ready));
  for (auto id : guild_ids) {
    try {
      session->dispatch("GUILD_CREATE", boost::json::serialize(guilds_.snapshot(id, identity.user.id)));
    } catch (const ApiError&) {
      // Left or deleted while we were identifying: discord.js still waits for every READY guild.
      session->dispatch("GUILD_DELETE", boost::json::serialize(boost::json::object{{"id", to_string(id)}}));
    }
  }
  session->release_held_events();
  update_presence(*session, d.contains("presence") ? d.at("presence") : boost::json::value(nullptr));
  return Attached{session, attachment};
}

Attached Gateway::resume(const boost::json::value& data, Session::Sink sink) {
  const auto& d = object_or_close(data);
  const auto* token = d.if_contains("token");
  const auto* session_id = d.if_contains("session_id");
  const auto* seq = d.if_contains("seq");
  if (!token || !token->is_string() || !session_id || !session_id->is_string()) {
    throw CloseError(close_code::decode_error, "RESUME needs token and session_id");
  }
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mutex_);
    auto it = by_id_.find(std::string_view(session_id->as_string()));
    if (it != by_id_.end() && !it->second->moved_away()) session = it->second;
  }
  const auto caller = sessions_.authenticate(bare_token(token->as_string()));
  const std::int64_t after = seq && seq->is_int64() ? seq->as_int64() : 0;
  if (!session) {
    if (!caller) throw CloseError(close_code::authentication_failed, "Authentication failed.");
    return take_over(std::string(session_id->as_string()), *caller, after, sink);
  }
  if (!caller || caller->user.id != session->identity().user.id) {
    throw CloseError(close_code::authentication_failed, "Authentication failed.");
  }
  const auto attachment = session->attach(std::move(sink), after);
  if (!attachment) {
    throw CloseError(close_code::invalid_seq, "Invalid seq.");
  }
  session->dispatch("RESUMED", R"({"_trace":["accord"]})");
  return Attached{session, *attachment};
}

std::string Gateway::new_session_id(const Session::Identity& identity) const {
  if (!context_.bus.keeps_log()) return random_session_id();
  return context_.tokens.seal("gw:" + to_string(identity.user.id) + ":" + std::to_string(identity.intents) +
                              ":" + std::to_string(identity.shard_id) + ":" +
                              std::to_string(identity.shard_count) + ":" + random_session_id().substr(0, 16));
}

Attached Gateway::take_over(const std::string& session_id, const Caller& caller, std::int64_t seq,
                            Session::Sink& sink) {
  if (!context_.bus.keeps_log() || seq <= 0) return {};
  const auto sealed = read_sealed_session(context_.tokens, session_id);
  if (!sealed) return {};  // not a session of this cluster: identify again
  if (sealed->user_id != caller.user.id)
    throw CloseError(close_code::authentication_failed, "Authentication failed.");

  Session::Identity identity;
  identity.user = caller.user;
  identity.session_id = session_id;
  identity.intents = sealed->intents;
  identity.shard_id = sealed->shard_id;
  identity.shard_count = sealed->shard_count;
  auto session = new_session(identity);
  session->begin_at(seq);
  // Subscribed before reading the log: what happens meanwhile arrives live and is merged by position.
  follow_everything(*session);
  // A node still holding the session (the client only lost its way to it) lets go of its copy.
  Event moved{std::string(gateway_session_moved_event),
              boost::json::object{{"instance", std::to_string(session->instance())}},
              Audience::user(caller.user.id)};
  moved.session_id = session_id;  // only copies of this session hear it
  context_.bus.publish(std::move(moved));
  auto missed = context_.bus.log_after(Session::log_position_of(seq));
  if (!missed) {
    session->stop();
    return {};  // the log no longer reaches back to where the client stopped
  }
  session->replay_from_log(*missed);
  const auto attachment = *session->attach(std::move(sink), std::nullopt);
  session->release_held_events();
  {
    std::lock_guard lock(mutex_);
    by_id_[identity.session_id] = session;
  }
  session->dispatch("RESUMED", R"({"_trace":["accord"]})");
  spdlog::info("gateway: took over session of user {} at seq {} ({} logged events read)",
               to_string(caller.user.id), seq, missed->size());
  update_presence(*session, boost::json::value(nullptr));
  return Attached{session, attachment};
}

std::shared_ptr<Session> Gateway::new_session(const Session::Identity& identity) {
  return std::make_shared<Session>(
      identity, context_.bus, guilds_, access_,
      static_cast<std::size_t>(context_.config.get()->gateway.replay_buffer_events));
}

std::vector<Snowflake> Gateway::followed_guild_ids(const Session& session) {
  std::vector<Snowflake> guild_ids;
  for (const auto& guild : context_.store.list_user_guilds(session.identity().user.id)) {
    if (session.wants_guild(guild.id)) guild_ids.push_back(guild.id);
  }
  return guild_ids;
}

void Gateway::follow_everything(Session& session) {
  const auto guild_ids = followed_guild_ids(session);
  std::vector<Snowflake> private_channel_ids;
  for (const auto& channel : context_.store.list_private_channels(session.identity().user.id))
    private_channel_ids.push_back(channel.id);
  session.start(guild_ids, private_channel_ids);
}

void Gateway::request_members(Session& session, const boost::json::value& data) {
  const auto& d = object_or_close(data);
  std::vector<Snowflake> guild_ids;
  if (const auto* guild = d.if_contains("guild_id")) {
    auto add = [&](const boost::json::value& value) {
      if (auto id = snowflake_value(value)) guild_ids.push_back(*id);
    };
    if (guild->is_array()) {
      for (const auto& value : guild->as_array()) add(value);
    } else {
      add(*guild);
    }
  }
  if (guild_ids.empty()) throw CloseError(close_code::decode_error, "guild_id is required");

  const auto* query = d.if_contains("query");
  const auto* user_ids = d.if_contains("user_ids");
  const auto* limit_field = d.if_contains("limit");
  std::int64_t limit = limit_field && limit_field->is_int64() ? limit_field->as_int64() : 0;
  const std::string prefix = query && query->is_string() ? std::string(query->as_string()) : std::string();
  std::vector<Snowflake> wanted_ids;
  if (user_ids && !user_ids->is_null()) {
    auto add = [&](const boost::json::value& value) {
      if (auto id = snowflake_value(value)) wanted_ids.push_back(*id);
    };
    if (user_ids->is_array()) {
      for (const auto& value : user_ids->as_array()) add(value);
    } else {
      add(*user_ids);
    }
    if (wanted_ids.size() > 100) throw CloseError(close_code::decode_error, "at most 100 user_ids");
  } else if (!query || !query->is_string()) {
    throw CloseError(close_code::decode_error, "query or user_ids is required");
  }
  // The whole member list is privileged, as on Discord.
  const bool everyone = wanted_ids.empty() && prefix.empty();
  if (everyone && !(session.identity().intents & intent::guild_members)) {
    throw CloseError(close_code::invalid_intents, "Requesting all members needs the GUILD_MEMBERS intent.");
  }
  if (limit <= 0 || limit > 100) limit = everyone ? INT64_MAX : 100;

  const auto user_id = session.identity().user.id;
  for (auto guild_id : guild_ids) {
    if (!context_.store.find_member(guild_id, user_id)) continue;  // not theirs to ask about
    std::vector<Member> members;
    boost::json::array not_found;
    if (!wanted_ids.empty()) {
      for (auto id : wanted_ids) {
        if (auto member = context_.store.find_member(guild_id, id)) {
          members.push_back(std::move(*member));
        } else {
          not_found.push_back(boost::json::value(to_string(id)));  // discord.py accepts strings here
        }
      }
    } else if (everyone) {
      members = context_.store.list_members(guild_id, 0, limit);
    } else {
      members = context_.store.search_members(guild_id, prefix, limit);
    }
    constexpr std::size_t chunk_size = 1000;
    const std::size_t chunk_count = std::max<std::size_t>(1, (members.size() + chunk_size - 1) / chunk_size);
    for (std::size_t chunk = 0; chunk < chunk_count; ++chunk) {
      boost::json::array list;
      for (std::size_t i = chunk * chunk_size; i < std::min(members.size(), (chunk + 1) * chunk_size); ++i) {
        if (auto user = context_.store.find_user(members[i].user_id))
          list.push_back(member_json(members[i], &*user));
      }
      boost::json::object payload{{"guild_id", to_string(guild_id)},
                                  {"members", std::move(list)},
                                  {"chunk_index", chunk},
                                  {"chunk_count", chunk_count}};
      if (chunk == 0 && !not_found.empty()) payload["not_found"] = not_found;
      if (const auto* presences = d.if_contains("presences");
          presences && presences->is_bool() && presences->as_bool()) {
        payload["presences"] = boost::json::array{};
      }
      if (const auto* nonce = d.if_contains("nonce"); nonce && nonce->is_string()) payload["nonce"] = *nonce;
      session.dispatch("GUILD_MEMBERS_CHUNK", boost::json::serialize(payload));
    }
  }
}

void Gateway::release(const std::shared_ptr<Session>& session, std::uint64_t attachment) {
  session->detach(attachment, context_.clock.now_ms());
}

void Gateway::forget(const std::shared_ptr<Session>& session, std::uint64_t attachment) {
  if (session->attachment() != attachment) return;  // the client already resumed it elsewhere
  std::lock_guard lock(mutex_);
  if (auto it = by_id_.find(session->identity().session_id); it != by_id_.end() && it->second == session)
    by_id_.erase(it);
}

void Gateway::end(const std::shared_ptr<Session>& session, std::uint64_t attachment) {
  if (session->attachment() != attachment) return;  // the client already resumed it elsewhere
  forget(session, attachment);
  finish(session);
}

void Gateway::finish(const std::shared_ptr<Session>& session) {
  session->stop();
  presence_.remove(session->identity().user.id, session->identity().session_id);
  voice_.session_ended(session->identity().user.id, session->identity().session_id);
}

void Gateway::update_presence(Session& session, const boost::json::value& data) {
  std::string status = "online";
  boost::json::array activities;
  if (const auto* d = data.if_object()) {
    if (const auto* value = d->if_contains("status"); value && value->is_string())
      status = value->as_string();
    if (const auto* value = d->if_contains("activities"); value && value->is_array()) {
      for (const auto& activity : value->as_array()) {
        if (activity.is_object() && activities.size() < 5) activities.push_back(activity);
      }
    }
  }
  if (status == "offline")
    status = "invisible";  // eris identifies as "offline": Discord reads it as invisible
  presence_.update(session.identity().user.id, session.identity().session_id, status, std::move(activities));
}

void Gateway::update_voice_state(Session& session, const boost::json::value& data) {
  try {
    voice_.update(session.identity().user.id, session.identity().session_id, data);
  } catch (const ApiError&) {
    // Discord gives no answer to a refused op 4 either: the client simply sees no VOICE_STATE_UPDATE.
  }
}

void Gateway::expire() {
  const auto cutoff = context_.clock.now_ms() - context_.config.get()->gateway.resume_window_seconds * 1000;
  std::vector<std::shared_ptr<Session>> expired;
  std::vector<std::shared_ptr<Session>> moved;
  {
    std::lock_guard lock(mutex_);
    for (auto it = by_id_.begin(); it != by_id_.end();) {
      const auto since = it->second->detached_since_ms();
      if (it->second->moved_away()) {
        moved.push_back(it->second);  // lives on another node: its presence and voice stay
        it = by_id_.erase(it);
      } else if (!it->second->attached() && since != 0 && since < cutoff) {
        expired.push_back(it->second);
        it = by_id_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& session : expired) finish(session);
  for (auto& session : moved) session->stop();
}

std::size_t Gateway::session_count() const {
  std::lock_guard lock(mutex_);
  return by_id_.size();
}

}  // namespace accord::gateway
