#include "gateway/session.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include <sodium.h>

#include "core/api_error.hpp"

namespace accord::gateway {
namespace {

std::optional<Snowflake> id_field(const boost::json::value& payload, const char* key) {
  const auto* object = payload.if_object();
  const auto* value = object ? object->if_contains(key) : nullptr;
  if (!value || !value->is_string()) return std::nullopt;
  return parse_snowflake(value->as_string());
}

bool is_message_event(const std::string& name) {
  return name == "MESSAGE_CREATE" || name == "MESSAGE_UPDATE";
}

}  // namespace

Session::Session(Identity identity, EventBus& bus, GuildService& guilds, Access& access,
                 std::size_t replay_limit)
    : identity_(std::move(identity)),
      instance_(randombytes_random() | (std::uint64_t{randombytes_random()} << 32)),
      bus_(bus),
      guilds_(guilds),
      access_(access),
      replay_limit_(replay_limit) {}

bool Session::wants_guild(Snowflake guild_id) const {
  return identity_.shard_count <= 1 ||
         static_cast<int>((guild_id >> 22) % static_cast<Snowflake>(identity_.shard_count)) ==
             identity_.shard_id;
}

void Session::start(const std::vector<Snowflake>& guild_ids,
                    const std::vector<Snowflake>& private_channel_ids) {
  std::weak_ptr<Session> self = shared_from_this();
  auto handler = [self](const std::shared_ptr<const Event>& event) {
    if (auto session = self.lock()) session->on_event(event);
  };
  std::lock_guard lock(mutex_);
  user_subscription_ = bus_.subscribe(Audience::user(identity_.user.id), handler);
  for (auto id : guild_ids) guild_subscriptions_.emplace(id, bus_.subscribe(Audience::guild(id), handler));
  for (auto id : private_channel_ids)
    channel_subscriptions_.emplace(id, bus_.subscribe(Audience::channel(id), handler));
}

void Session::stop() {
  std::unordered_map<Snowflake, Subscription> guilds;
  std::unordered_map<Snowflake, Subscription> channels;
  Subscription user;
  {
    std::lock_guard lock(mutex_);
    guilds.swap(guild_subscriptions_);
    channels.swap(channel_subscriptions_);
    user = std::move(user_subscription_);
    sink_ = nullptr;
  }
  // Subscriptions end here, outside our lock.
}

void Session::follow_guild(Snowflake guild_id) {
  std::weak_ptr<Session> self = shared_from_this();
  auto subscription =
      bus_.subscribe(Audience::guild(guild_id), [self](const std::shared_ptr<const Event>& event) {
        if (auto session = self.lock()) session->on_event(event);
      });
  std::lock_guard lock(mutex_);
  guild_subscriptions_.insert_or_assign(guild_id, std::move(subscription));
  visible_channels_.clear();
}

void Session::follow_channel(Snowflake channel_id) {
  std::weak_ptr<Session> self = shared_from_this();
  auto subscription =
      bus_.subscribe(Audience::channel(channel_id), [self](const std::shared_ptr<const Event>& event) {
        if (auto session = self.lock()) session->on_event(event);
      });
  std::lock_guard lock(mutex_);
  channel_subscriptions_.insert_or_assign(channel_id, std::move(subscription));
}

void Session::unfollow_channel(Snowflake channel_id) {
  Subscription dropped;
  std::lock_guard lock(mutex_);
  if (auto it = channel_subscriptions_.find(channel_id); it != channel_subscriptions_.end()) {
    dropped = std::move(it->second);
    channel_subscriptions_.erase(it);
  }
}

void Session::unfollow_guild(Snowflake guild_id) {
  Subscription dropped;
  std::lock_guard lock(mutex_);
  if (auto it = guild_subscriptions_.find(guild_id); it != guild_subscriptions_.end()) {
    dropped = std::move(it->second);
    guild_subscriptions_.erase(it);
  }
  visible_channels_.clear();
}

bool Session::can_view(Snowflake channel_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = visible_channels_.find(channel_id); it != visible_channels_.end()) return it->second;
  }
  bool visible = true;
  try {
    access_.channel(channel_id, identity_.user.id);
  } catch (const ApiError&) {
    visible = false;
  }
  std::lock_guard lock(mutex_);
  visible_channels_[channel_id] = visible;
  return visible;
}

bool Session::holds(Snowflake guild_id, std::uint64_t permissions) const {
  try {
    return (access_.membership(guild_id, identity_.user.id).permissions() & permissions) == permissions;
  } catch (const ApiError&) {
    return false;
  }
}

bool Session::may_read_content(const Event& event) const {
  if (!identity_.user.bot || (identity_.intents & intent::message_content)) return true;
  const auto& payload = event.payload.as_object();
  if (id_field(payload.at("author"), "id") == identity_.user.id) return true;
  if (const auto* mentions = payload.if_contains("mentions"); mentions && mentions->is_array()) {
    for (const auto& user : mentions->as_array()) {
      if (id_field(user, "id") == identity_.user.id) return true;
    }
  }
  return false;
}

void Session::on_event(const std::shared_ptr<const Event>& event) {
  const auto& name = event->name;
  if (!event->session_id.empty() && event->session_id != identity_.session_id) return;
  if (event->audience.kind == Audience::Kind::user) {
    if (name == gateway_session_moved_event) {
      // Addressed to this session id (Event::session_id, checked above); the copy that sent it stays.
      const auto* moved = event->payload.if_object();
      const auto* instance = moved ? moved->if_contains("instance") : nullptr;
      if (instance && instance->is_string() && instance->as_string() != std::to_string(instance_)) {
        moved_away_ = true;
        std::lock_guard lock(mutex_);
        if (sink_) sink_(superseded_frame());  // a socket still on this copy closes; the client is elsewhere
        sink_ = nullptr;
      }
      return;
    }
    if (name == gateway_reconnect_event) {
      std::lock_guard lock(mutex_);
      if (sink_) sink_(make_frame(R"({"op":7,"d":null,"s":null,"t":null})"));
      return;
    }
    if (name == "GUILD_CREATE") {
      const auto guild_id = id_field(event->payload, "id");
      if (!guild_id || !wants_guild(*guild_id)) return;
      follow_guild(*guild_id);
      try {
        deliver(name,
                std::make_shared<const std::string>(
                    boost::json::serialize(guilds_.snapshot(*guild_id, identity_.user.id))),
                event->log_position);
      } catch (const ApiError&) {
        unfollow_guild(*guild_id);  // gone again before we could look
      }
      return;
    }
    if (name == "GUILD_DELETE") {
      if (auto guild_id = id_field(event->payload, "id")) unfollow_guild(*guild_id);
    }
    // A DM or group DM the user is now in (or has left): its messages come on the channel's audience.
    const auto* type = event->payload.is_object() ? event->payload.as_object().if_contains("type") : nullptr;
    const bool private_channel = type && type->is_int64() && (type->as_int64() == 1 || type->as_int64() == 3);
    if (private_channel && name == "CHANNEL_CREATE") {
      if (auto channel_id = id_field(event->payload, "id")) follow_channel(*channel_id);
    }
    if (private_channel && name == "CHANNEL_DELETE" && type->as_int64() == 3) {
      if (auto channel_id = id_field(event->payload, "id")) unfollow_channel(*channel_id);
    }
  } else {
    if (name == "GUILD_DELETE") {
      unfollow_guild(event->audience.id);
    } else if (name.starts_with("CHANNEL_") || name.starts_with("GUILD_ROLE_") ||
               name.starts_with("THREAD_") || name == "GUILD_MEMBER_UPDATE") {
      std::lock_guard lock(mutex_);
      visible_channels_.clear();
    }
    if (event->intent != 0 && (identity_.intents & event->intent) == 0) return;
    if (event->channel_id && !can_view(*event->channel_id)) return;
    if (event->required_permission != 0 && !holds(event->audience.id, event->required_permission)) return;
  }

  auto& encodings = *event->encodings;
  if (is_message_event(name) && !may_read_content(*event)) {
    std::call_once(encodings.without_content_once, [&] {
      auto stripped = event->payload.as_object();
      stripped["content"] = "";
      stripped["embeds"] = boost::json::array{};
      stripped["attachments"] = boost::json::array{};
      stripped["components"] = boost::json::array{};
      encodings.without_content = std::make_shared<const std::string>(boost::json::serialize(stripped));
    });
    deliver(name, encodings.without_content, event->log_position);
    return;
  }
  std::call_once(encodings.full_once, [&] {
    encodings.full = std::make_shared<const std::string>(boost::json::serialize(event->payload));
  });
  deliver(name, encodings.full, event->log_position);
}

std::string Session::frame_head(std::int64_t seq, const std::string& name) {
  std::string head;
  head.reserve(name.size() + 40);
  head += R"({"op":0,"s":)";
  head += std::to_string(seq);
  head += R"(,"t":")";
  head += name;
  head += R"(","d":)";
  return head;
}

void Session::deliver(const std::string& name, Data data, std::uint64_t log_position) {
  std::lock_guard lock(mutex_);
  if (holding_) {
    held_.push_back(Held{name, std::move(data), log_position});
    return;
  }
  dispatch_locked(name, std::move(data), log_position);
}

void Session::release_held_events() {
  std::lock_guard lock(mutex_);
  holding_ = false;
  // Replayed and live events of a taken-over session meet here: the log's order is the order, and
  // an event both replayed and received live goes out once (dispatch_locked skips the second).
  std::stable_sort(held_.begin(), held_.end(),
                   [](const Held& a, const Held& b) { return a.log_position < b.log_position; });
  for (auto& held : held_) dispatch_locked(held.name, std::move(held.data), held.log_position);
  held_ = {};  // its capacity too: most sessions hold events only while identifying
}

bool Session::follows(const Audience& audience) const {
  std::lock_guard lock(mutex_);
  switch (audience.kind) {
    case Audience::Kind::user:
      return audience.id == identity_.user.id;
    case Audience::Kind::guild:
      return guild_subscriptions_.contains(audience.id);
    case Audience::Kind::channel:
      return channel_subscriptions_.contains(audience.id);
    case Audience::Kind::voice_servers:
      return false;
  }
  return false;
}

void Session::replay_from_log(const std::vector<std::shared_ptr<const Event>>& events) {
  // Through on_event, as if live: the same intent, visibility and content filters, and a guild
  // joined meanwhile (its GUILD_CREATE in the log) is followed before its own events come by.
  for (const auto& event : events) {
    if (follows(event->audience)) on_event(event);
  }
}

void Session::begin_at(std::int64_t seq) {
  std::lock_guard lock(mutex_);
  seq_ = seq;
  dropped_through_ = seq;  // nothing before it can be replayed from here
  log_position_ = log_position_of(seq);
}

void Session::dispatch(const std::string& name, std::string data_json) {
  std::lock_guard lock(mutex_);
  dispatch_locked(name, std::make_shared<const std::string>(std::move(data_json)), 0);
}

void Session::dispatch_locked(const std::string& name, Data data, std::uint64_t log_position) {
  if (log_position != 0) {
    if (log_position <= log_position_) return;  // sent already (replayed, then heard live)
    log_position_ = log_position;
  }
  const auto seq =
      log_position != 0 ? std::max(seq_ + 1, static_cast<std::int64_t>(log_position << log_shift)) : seq_ + 1;
  seq_ = seq;
  auto frame = std::make_shared<const FrameText>(FrameText{frame_head(seq, name), std::move(data)});
  replay_.emplace_back(seq, frame);
  if (replay_.size() > replay_limit_) {
    dropped_through_ = replay_.front().first;
    replay_.pop_front();
  }
  dispatched_.fetch_add(1, std::memory_order_relaxed);
  if (sink_) sink_(frame);
}

std::optional<std::uint64_t> Session::attach(Sink sink, std::optional<std::int64_t> resume_after) {
  std::lock_guard lock(mutex_);
  if (resume_after) {
    if (*resume_after < 0 || *resume_after > seq_) return std::nullopt;
    if (*resume_after < dropped_through_) return std::nullopt;  // what it missed is gone
    for (const auto& [seq, frame] : replay_) {
      if (seq > *resume_after) sink(frame);
    }
  }
  if (sink_) sink_(superseded_frame());
  sink_ = std::move(sink);
  detached_since_ms_ = 0;
  return ++attachment_;
}

void Session::acknowledge(std::int64_t seq) {
  std::lock_guard lock(mutex_);
  if (seq > seq_) return;  // a sequence we never sent: ignore rather than trust
  while (!replay_.empty() && replay_.front().first <= seq) {
    dropped_through_ = replay_.front().first;
    replay_.pop_front();
  }
}

std::uint64_t Session::attachment() const {
  std::lock_guard lock(mutex_);
  return attachment_;
}

void Session::detach(std::uint64_t attachment, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (attachment != attachment_) return;  // a newer connection has the session now
  sink_ = nullptr;
  detached_since_ms_ = now_ms;
}

const Frame& Session::superseded_frame() {
  static const Frame frame = make_frame("");
  return frame;
}

std::int64_t Session::sequence() const {
  std::lock_guard lock(mutex_);
  return seq_;
}

bool Session::attached() const {
  std::lock_guard lock(mutex_);
  return static_cast<bool>(sink_);
}

std::int64_t Session::detached_since_ms() const {
  std::lock_guard lock(mutex_);
  return detached_since_ms_;
}

}  // namespace accord::gateway
