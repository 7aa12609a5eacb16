#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/event_bus.hpp"
#include "gateway/frame.hpp"
#include "services/access.hpp"
#include "services/guilds.hpp"

namespace accord::gateway {

// What an identified client is, independent of the socket it is on. Outlives a dropped connection
// for the resume window, collecting dispatches into its replay buffer.
class Session : public std::enable_shared_from_this<Session> {
 public:
  struct Identity {
    User user;
    std::string session_id;
    std::uint64_t intents = 0;
    int shard_id = 0;
    int shard_count = 1;
  };

  Session(Identity identity, EventBus& bus, GuildService& guilds, Access& access, std::size_t replay_limit);

  const Identity& identity() const { return identity_; }
  // Tells this copy of a session from another node's copy of the same session id.
  std::uint64_t instance() const { return instance_; }
  // Another node took the session over: this copy ends without ending the session.
  bool moved_away() const { return moved_away_.load(); }
  bool wants_guild(Snowflake guild_id) const;

  // Subscribes to the user's own events and to each guild; returns READY's guild ids.
  void start(const std::vector<Snowflake>& guild_ids, const std::vector<Snowflake>& private_channel_ids = {});

  // Sequence numbers in a cluster say how far into the shared event log a client has read: a
  // logged event's dispatch is numbered position << log_shift, the session's own dispatches (READY,
  // GUILD_CREATE, member chunks) count up from the last. A RESUME on any node then knows where to
  // read the log from, without asking the node that served the session.
  static constexpr int log_shift = 16;
  static std::uint64_t log_position_of(std::int64_t seq) {
    return static_cast<std::uint64_t>(seq) >> log_shift;
  }
  // A new session of a cluster starts at the log's head; a session taken over from another node at
  // the client's last sequence. Before start().
  void begin_at(std::int64_t seq);
  // Taking a session over from another node: the logged events after the client's last sequence
  // that were meant for this session go out first, in log order, merged with what arrived live
  // meanwhile (each once). Between start() and release_held_events().
  void replay_from_log(const std::vector<std::shared_ptr<const Event>>& events);
  void stop();  // drops every subscription

  // Numbers and records a dispatch, then hands it to the connection if one is attached.
  void dispatch(const std::string& name, std::string data_json);
  // Events that arrive between subscribing and READY wait, so READY is always s=1 and a guild's
  // events never precede its GUILD_CREATE; this sends them, in order.
  void release_held_events();
  // Dispatches numbered by every session of this process since it started, for /metrics.
  static std::uint64_t dispatched_total() { return dispatched_.load(std::memory_order_relaxed); }

  // Attaches a connection. For RESUME, first replays through the sink every frame after
  // `resume_after`, in order and before anything newer; false when those frames are gone.
  using Sink = std::function<void(Frame)>;
  // A RESUME may arrive before the old socket's close: the new connection takes over and the old one
  // is handed superseded_frame(), on which it closes.
  // Returns the attachment's number (which the connection must keep: asking attachment() later could
  // name a newer connection's), or nullopt when the frames to replay are gone.
  std::optional<std::uint64_t> attach(Sink sink, std::optional<std::int64_t> resume_after);
  // Which attach() is current; a connection detaches or ends only its own.
  std::uint64_t attachment() const;
  void detach(std::uint64_t attachment, std::int64_t now_ms);
  static const Frame& superseded_frame();
  // The client confirmed (by heartbeat) that it holds every dispatch up to `seq`: they leave the
  // replay buffer, so an idle session keeps no copy of READY and its GUILD_CREATEs.
  void acknowledge(std::int64_t seq);
  std::int64_t sequence() const;

  std::int64_t detached_since_ms() const;
  bool attached() const;

 private:
  static inline std::atomic<std::uint64_t> dispatched_{0};
  void on_event(const std::shared_ptr<const Event>& event);
  using Data = std::shared_ptr<const std::string>;
  void deliver(const std::string& name, Data data, std::uint64_t log_position);
  bool follows(const Audience& audience) const;
  void follow_guild(Snowflake guild_id);
  void unfollow_guild(Snowflake guild_id);
  void follow_channel(Snowflake channel_id);
  void unfollow_channel(Snowflake channel_id);
  bool can_view(Snowflake channel_id);
  // Whether the user holds these guild permissions now (rare events only: it reads the store).
  bool holds(Snowflake guild_id, std::uint64_t permissions) const;
  bool may_read_content(const Event& event) const;
  void dispatch_locked(const std::string& name, Data data, std::uint64_t log_position);
  static std::string frame_head(std::int64_t seq, const std::string& name);

  Identity identity_;
  const std::uint64_t instance_;
  std::atomic<bool> moved_away_ = false;
  EventBus& bus_;
  GuildService& guilds_;
  Access& access_;
  std::size_t replay_limit_;

  mutable std::mutex mutex_;
  std::int64_t seq_ = 0;
  // A list, not a deque: an empty deque still allocates ~600 bytes, and most sessions' replay
  // buffers are empty (a heartbeat acknowledges what they hold).
  std::list<std::pair<std::int64_t, Frame>> replay_;
  std::int64_t dropped_through_ = 0;  // the replay buffer holds dispatches after this one
  std::uint64_t log_position_ = 0;    // the newest logged event dispatched (a cluster's bus only)
  bool holding_ = true;
  struct Held {
    std::string name;
    Data data;
    std::uint64_t log_position;
  };
  std::vector<Held> held_;
  Sink sink_;
  std::int64_t detached_since_ms_ = 0;
  std::uint64_t attachment_ = 0;
  Subscription user_subscription_;
  std::unordered_map<Snowflake, Subscription> guild_subscriptions_;
  std::unordered_map<Snowflake, Subscription> channel_subscriptions_;  // DMs and group DMs
  std::unordered_map<Snowflake, bool> visible_channels_;
};

}  // namespace accord::gateway
