#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/snowflake.hpp"
#include "model/application.hpp"
#include "model/application_command.hpp"
#include "model/audit_log.hpp"
#include "model/auto_moderation.hpp"
#include "model/channel.hpp"
#include "model/expression.hpp"
#include "model/guild.hpp"
#include "model/interaction.hpp"
#include "model/message.hpp"
#include "model/relationship.hpp"
#include "model/scheduled_event.hpp"
#include "model/user.hpp"
#include "model/webhook.hpp"

namespace accord {

// A login: one token's server side. Deleting it logs that token out.
struct Session {
  Snowflake id = 0;
  Snowflake user_id = 0;
  std::int64_t created_at_ms = 0;
  std::string client;  // what the login said it was, for the session list
};

struct Invite {
  std::string code;
  Snowflake guild_id = 0;
  Snowflake channel_id = 0;
  std::optional<Snowflake> inviter_id;
  std::int64_t max_age = 86400;  // seconds; 0 = never expires
  std::int64_t max_uses = 0;     // 0 = unlimited
  std::int64_t uses = 0;
  bool temporary = false;
  std::int64_t created_at_ms = 0;
};

struct ThreadMember {
  Snowflake thread_id = 0;
  Snowflake user_id = 0;
  std::int64_t joined_at_ms = 0;
};

struct ReadState {
  Snowflake user_id = 0;
  Snowflake channel_id = 0;
  Snowflake last_message_id = 0;
  std::int64_t mention_count = 0;
};

struct Report {
  Snowflake id = 0;
  Snowflake reporter_id = 0;
  std::optional<Snowflake> guild_id;
  std::optional<Snowflake> channel_id;
  std::optional<Snowflake> message_id;
  std::optional<Snowflake> user_id;
  std::string reason;
  std::int64_t created_at_ms = 0;
  std::optional<Snowflake> resolved_by;
  std::optional<std::int64_t> resolved_at_ms;
};

struct Ban {
  Snowflake guild_id = 0;
  Snowflake user_id = 0;
  std::optional<std::string> reason;
};

// before/after/around are exclusive bounds by id; at most `limit` messages, newest first.
struct MessagePage {
  std::optional<Snowflake> before;
  std::optional<Snowflake> after;
  std::optional<Snowflake> around;
  std::int64_t limit = 50;
};

// What GET /guilds/:id/messages/search asks for; empty fields do not filter.
struct MessageSearch {
  std::string content;                 // full-text terms
  std::vector<Snowflake> channel_ids;  // only these channels (the caller's visible ones, at least)
  std::vector<Snowflake> author_ids;
  std::vector<Snowflake> mentions;
  // has=: link, embed, file, image, video, sound, sticker; a message must have every one asked.
  std::vector<std::string> has;
  std::int64_t limit = 25;
  std::int64_t offset = 0;
};

struct MessageSearchResult {
  std::vector<Message> messages;  // newest first
  std::int64_t total = 0;
};

// Thrown when a write would break a uniqueness rule (username, email); services turn it into the
// field error the client should see.
struct UniqueViolation : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Domain-level persistence. Every call blocks: callers run on the blocking pool, never on io threads.
struct InstanceCounts {
  std::int64_t people = 0;
  std::int64_t bots = 0;
  std::int64_t guilds = 0;
  std::int64_t channels = 0;
  std::int64_t messages = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Users
  virtual void create_user(const User& user, const std::string& password_hash) = 0;
  virtual std::optional<User> find_user(Snowflake id) = 0;
  // By email, or by username for unique-username accounts: what the login form's `login` holds.
  virtual std::optional<User> find_user_by_login(const std::string& login) = 0;
  virtual bool username_taken(const std::string& username, const std::string& discriminator,
                              std::optional<Snowflake> except) = 0;
  virtual bool email_taken(const std::string& email, std::optional<Snowflake> except) = 0;
  virtual bool has_people() = 0;  // any account that is not a bot
  virtual void update_user(const User& user) = 0;
  virtual std::optional<std::string> password_hash(Snowflake user_id) = 0;
  virtual void set_password_hash(Snowflake user_id, const std::string& hash) = 0;

  // Sessions
  virtual void create_session(const Session& session) = 0;
  virtual std::optional<Session> find_session(Snowflake id) = 0;
  // The user, if session `session_id` exists and is theirs: what every authenticated request asks,
  // in one query.
  virtual std::optional<User> find_session_user(Snowflake session_id, Snowflake user_id) = 0;
  virtual void delete_session(Snowflake id) = 0;
  virtual void delete_user_sessions(Snowflake user_id) = 0;
  virtual std::vector<Session> list_user_sessions(Snowflake user_id) = 0;

  // Applications
  virtual void create_application(const Application& application) = 0;
  virtual std::optional<Application> find_application(Snowflake id) = 0;
  virtual std::optional<Application> find_application_by_bot(Snowflake bot_user_id) = 0;
  virtual std::vector<Application> list_applications(Snowflake owner_id) = 0;
  virtual void update_application(const Application& application) = 0;
  // Creates the bot user and links it to the application in one transaction.
  virtual void create_bot_user(const Application& application, const User& bot) = 0;

  // Guilds. A new guild arrives whole: its roles, channels and owner's membership in one transaction.
  virtual void create_guild(const Guild& guild, const std::vector<Role>& roles,
                            const std::vector<Channel>& channels, const Member& owner) = 0;
  virtual std::optional<Guild> find_guild(Snowflake id) = 0;
  virtual void update_guild(const Guild& guild) = 0;
  virtual void delete_guild(Snowflake id) = 0;
  virtual std::vector<Guild> list_user_guilds(Snowflake user_id) = 0;
  virtual std::int64_t count_members(Snowflake guild_id) = 0;

  // Roles, ordered by position then id. save_* inserts or replaces.
  virtual std::vector<Role> list_roles(Snowflake guild_id) = 0;
  virtual std::optional<Role> find_role(Snowflake id) = 0;
  virtual void save_role(const Role& role) = 0;
  virtual void delete_role(Snowflake id) = 0;

  // Channels, with their permission overwrites.
  virtual std::vector<Channel> list_channels(Snowflake guild_id) = 0;
  virtual std::optional<Channel> find_channel(Snowflake id) = 0;
  virtual void save_channel(const Channel& channel) = 0;
  virtual void delete_channel(Snowflake id) = 0;

  // Members, with their role ids.
  virtual std::optional<Member> find_member(Snowflake guild_id, Snowflake user_id) = 0;
  virtual std::vector<Member> list_members(Snowflake guild_id, Snowflake after, std::int64_t limit) = 0;
  virtual std::vector<Member> search_members(Snowflake guild_id, const std::string& prefix,
                                             std::int64_t limit) = 0;
  virtual void save_member(const Member& member) = 0;
  virtual void remove_member(Snowflake guild_id, Snowflake user_id) = 0;
  virtual std::vector<User> find_users(const std::vector<Snowflake>& ids) = 0;

  // Invites. use_invite counts a use if the invite is still valid at now_ms; false if not.
  virtual void create_invite(const Invite& invite) = 0;
  virtual std::optional<Invite> find_invite(const std::string& code) = 0;
  virtual bool use_invite(const std::string& code, std::int64_t now_ms) = 0;
  virtual void delete_invite(const std::string& code) = 0;
  virtual std::vector<Invite> list_invites(Snowflake guild_id, std::optional<Snowflake> channel_id) = 0;

  virtual void save_ban(const Ban& ban) = 0;
  virtual std::optional<Ban> find_ban(Snowflake guild_id, Snowflake user_id) = 0;
  virtual std::vector<Ban> list_bans(Snowflake guild_id) = 0;
  virtual void delete_ban(Snowflake guild_id, Snowflake user_id) = 0;

  // Messages. create_message also moves the channel's last_message_id.
  virtual void create_message(const Message& message) = 0;
  virtual std::optional<Message> find_message(Snowflake id) = 0;
  virtual std::vector<Message> list_messages(Snowflake channel_id, const MessagePage& page) = 0;
  virtual void update_message(const Message& message) = 0;
  virtual void delete_messages(Snowflake channel_id, const std::vector<Snowflake>& ids) = 0;
  // The newest message of an author in a channel (slowmode).
  virtual std::optional<Snowflake> last_message_by(Snowflake channel_id, Snowflake author_id) = 0;
  // Pins, newest pin first; pinned_at_ms nullopt unpins.
  virtual void set_pinned(Snowflake message_id, std::optional<std::int64_t> pinned_at_ms) = 0;
  virtual std::vector<Message> list_pins(Snowflake channel_id) = 0;

  // Reactions: `emoji` is the unicode text or "name:id" of a custom emoji.
  virtual bool add_reaction(Snowflake message_id, const std::string& emoji, Snowflake user_id,
                            std::int64_t now_ms) = 0;  // false if already there
  virtual bool remove_reaction(Snowflake message_id, const std::string& emoji, Snowflake user_id) = 0;
  virtual void remove_reactions(Snowflake message_id, std::optional<std::string> emoji) = 0;
  virtual std::vector<Snowflake> reaction_users(Snowflake message_id, const std::string& emoji,
                                                Snowflake after, std::int64_t limit) = 0;
  struct ReactionCount {
    std::string emoji;
    std::int64_t count;
    bool me;
  };
  virtual std::vector<ReactionCount> reaction_counts(Snowflake message_id, Snowflake viewer_id) = 0;
  // The same for a page of messages at once; messages without reactions are absent.
  virtual std::unordered_map<Snowflake, std::vector<ReactionCount>> reaction_counts(
      const std::vector<Snowflake>& message_ids, Snowflake viewer_id) = 0;

  virtual MessageSearchResult search_messages(const MessageSearch& search) = 0;

  // Instance-wide values that must survive restarts (the token secret).
  // Threads: channels under a parent; list_channels leaves them out.
  virtual std::vector<Channel> list_threads(Snowflake guild_id) = 0;
  virtual std::vector<Channel> list_open_threads() = 0;            // every guild's unarchived threads
  virtual bool add_thread_member(const ThreadMember& member) = 0;  // false when already in
  virtual bool remove_thread_member(Snowflake thread_id, Snowflake user_id) = 0;
  virtual std::vector<ThreadMember> list_thread_members(Snowflake thread_id) = 0;
  virtual std::optional<ThreadMember> find_thread_member(Snowflake thread_id, Snowflake user_id) = 0;

  virtual void save_read_state(const ReadState& state) = 0;
  virtual std::vector<ReadState> list_read_states(Snowflake user_id) = 0;

  // Guild emojis and stickers.
  virtual std::vector<Emoji> list_emojis(Snowflake guild_id) = 0;
  virtual std::optional<Emoji> find_emoji(Snowflake id) = 0;
  virtual void save_emoji(const Emoji& emoji) = 0;
  virtual void delete_emoji(Snowflake id) = 0;
  virtual std::vector<Sticker> list_stickers(Snowflake guild_id) = 0;
  virtual std::optional<Sticker> find_sticker(Snowflake id) = 0;
  virtual void save_sticker(const Sticker& sticker) = 0;
  virtual void delete_sticker(Snowflake id) = 0;

  // Reports to the administrators.
  virtual void save_report(const Report& report) = 0;
  virtual std::optional<Report> find_report(Snowflake id) = 0;
  virtual std::vector<Report> list_reports(bool resolved, Snowflake after, std::int64_t limit) = 0;

  // Administration: rights and disabling, listing by name or id, totals.
  virtual void set_user_rights(Snowflake user_id, std::int64_t rights, bool disabled) = 0;
  virtual std::vector<User> list_users(const std::string& query, Snowflake after, std::int64_t limit) = 0;
  virtual std::vector<Guild> list_guilds(const std::string& query, Snowflake after, std::int64_t limit) = 0;
  virtual InstanceCounts count_instance() = 0;

  // Webhooks; list_webhooks with a channel id lists that channel's only.
  virtual void save_webhook(const Webhook& webhook) = 0;
  virtual std::optional<Webhook> find_webhook(Snowflake id) = 0;
  virtual std::vector<Webhook> list_webhooks(Snowflake guild_id, std::optional<Snowflake> channel_id) = 0;
  virtual void delete_webhook(Snowflake id) = 0;
  // Channel follower webhooks copying this announcement channel, in any guild.
  virtual std::vector<Webhook> list_followers(Snowflake source_channel_id) = 0;

  // Application commands: global when guild_id is empty. replace_commands swaps an application's
  // whole list (global or one guild's) in one transaction.
  virtual std::vector<ApplicationCommand> list_commands(Snowflake application_id,
                                                        std::optional<Snowflake> guild_id) = 0;
  virtual std::optional<ApplicationCommand> find_command(Snowflake id) = 0;
  virtual void save_command(const ApplicationCommand& command) = 0;
  virtual void delete_command(Snowflake id) = 0;
  virtual void replace_commands(Snowflake application_id, std::optional<Snowflake> guild_id,
                                const std::vector<ApplicationCommand>& commands) = 0;

  // Interactions while their tokens live. take_unanswered marks as failed, and returns, those
  // created before `created_before_ms` that nobody answered; forget_interactions sweeps old ones.
  virtual void save_interaction(const Interaction& interaction) = 0;
  virtual std::optional<Interaction> find_interaction(Snowflake id) = 0;
  virtual std::optional<Interaction> find_interaction_by_token(const std::string& token) = 0;
  // Records the first answer; false when the interaction was already answered or has failed.
  virtual bool answer_interaction(Snowflake id, std::int64_t response_type) = 0;
  virtual std::vector<Interaction> take_unanswered(std::int64_t created_before_ms) = 0;
  virtual void forget_interactions(std::int64_t created_before_ms) = 0;

  // Scheduled events and who is interested in them.
  virtual void save_scheduled_event(const ScheduledEvent& event) = 0;
  virtual std::optional<ScheduledEvent> find_scheduled_event(Snowflake id) = 0;
  virtual std::vector<ScheduledEvent> list_scheduled_events(Snowflake guild_id) = 0;
  virtual void delete_scheduled_event(Snowflake id) = 0;
  virtual bool add_event_user(Snowflake event_id, Snowflake user_id) = 0;  // false when already there
  virtual bool remove_event_user(Snowflake event_id, Snowflake user_id) = 0;
  // Ascending by user id; with `before`, the `limit` ids just below it.
  virtual std::vector<Snowflake> list_event_users(Snowflake event_id, Snowflake after,
                                                  std::optional<Snowflake> before, std::int64_t limit) = 0;
  virtual std::int64_t count_event_users(Snowflake event_id) = 0;

  // Auto moderation rules.
  virtual void save_automod_rule(const AutoModerationRule& rule) = 0;
  virtual std::optional<AutoModerationRule> find_automod_rule(Snowflake id) = 0;
  virtual std::vector<AutoModerationRule> list_automod_rules(Snowflake guild_id) = 0;
  virtual void delete_automod_rule(Snowflake id) = 0;

  // Relationships, as `user_id` sees them.
  virtual std::optional<Relationship> find_relationship(Snowflake user_id, Snowflake other_id) = 0;
  virtual std::vector<Relationship> list_relationships(Snowflake user_id) = 0;
  virtual void save_relationship(const Relationship& relationship) = 0;
  virtual void delete_relationship(Snowflake user_id, Snowflake other_id) = 0;

  // Private channels (DMs, group DMs) and who is in them.
  virtual void create_private_channel(const Channel& channel, const std::vector<Snowflake>& recipients) = 0;
  virtual std::vector<Snowflake> list_recipients(Snowflake channel_id) = 0;
  virtual bool add_recipient(Snowflake channel_id, Snowflake user_id) = 0;  // false when already in
  virtual bool remove_recipient(Snowflake channel_id, Snowflake user_id) = 0;
  virtual std::optional<Snowflake> find_dm(Snowflake user_id, Snowflake other_id) = 0;
  virtual std::vector<Channel> list_private_channels(Snowflake user_id) = 0;
  // Whether the two share at least one guild (DM privacy: guild members may write to each other).
  virtual bool share_guild(Snowflake user_id, Snowflake other_id) = 0;

  // Two-factor authentication: the TOTP secret (base32) and unused backup codes; none = off.
  virtual std::optional<std::string> totp_secret(Snowflake user_id) = 0;
  virtual void set_totp(Snowflake user_id, const std::optional<std::string>& secret,
                        const std::vector<std::string>& backup_codes) = 0;
  virtual std::vector<std::string> backup_codes(Snowflake user_id) = 0;
  virtual bool use_backup_code(Snowflake user_id, const std::string& code) = 0;  // false when not there

  // A person's settings as JSON objects (empty when never set), and notes about others.
  virtual std::optional<std::string> user_settings(Snowflake user_id) = 0;
  virtual void save_user_settings(Snowflake user_id, const std::string& settings) = 0;
  virtual std::vector<std::pair<Snowflake, std::string>> user_guild_settings(Snowflake user_id) = 0;
  virtual void save_user_guild_settings(Snowflake user_id, Snowflake guild_id,
                                        const std::string& settings) = 0;
  virtual std::optional<std::string> user_note(Snowflake user_id, Snowflake target_id) = 0;
  virtual void save_user_note(Snowflake user_id, Snowflake target_id,
                              const std::optional<std::string>& note) = 0;

  virtual void add_audit_entry(const AuditLogEntry& entry) = 0;
  virtual std::vector<AuditLogEntry> list_audit_entries(const AuditLogQuery& query) = 0;

  virtual std::optional<std::string> instance_value(const std::string& key) = 0;
  virtual void set_instance_value(const std::string& key, const std::string& value) = 0;
  // The key's value; `value` becomes it only when it has none yet, so nodes starting at once agree.
  virtual std::string first_instance_value(const std::string& key, const std::string& value) = 0;

  // Voice in a cluster. A node's voice server says it is alive at `endpoint` (and says so again
  // every few seconds), and forgets itself when it stops.
  virtual void record_voice_node(std::int64_t worker_id, const std::string& endpoint,
                                 std::int64_t now_ms) = 0;
  virtual void forget_voice_node(std::int64_t worker_id) = 0;
  // Removes the nodes last seen before `seen_before_ms` and names them; a node removed by one caller
  // is not named to another, so exactly one node deals with each silent one.
  virtual std::vector<std::int64_t> claim_silent_voice_nodes(std::int64_t seen_before_ms) = 0;
  // The endpoint of the voice server hosting `channel_id`'s call: the node already chosen, while it
  // was seen at or after `alive_since_ms`; otherwise node `worker_id` (which must be recorded) becomes
  // the host. One transaction, so nodes placing one channel at once agree.
  virtual std::string place_voice_channel(Snowflake channel_id, std::int64_t worker_id,
                                          std::int64_t alive_since_ms) = 0;
};

}  // namespace accord
