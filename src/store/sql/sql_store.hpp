#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql/sql_connection.hpp"
#include "store/store.hpp"

namespace accord::store {

// The Store in SQL, one implementation for every engine: a small pool of connections (one per
// blocking thread) to SQLite (one file in WAL mode, so readers never wait for the writer) or to
// PostgreSQL. The few queries whose SQL differs between engines take it from sql_dialect.hpp.
class SqlStore final : public Store {
 public:
  // connections: all to the same database, all of the same engine; at least one.
  explicit SqlStore(std::vector<std::unique_ptr<SqlConnection>> connections);

  // Applies every migration (of this engine) not yet applied; returns how many ran.
  int migrate();

  Engine engine() const { return engine_; }

  void create_user(const User& user, const std::string& password_hash) override;
  std::optional<User> find_user(Snowflake id) override;
  std::optional<User> find_user_by_login(const std::string& login) override;
  bool username_taken(const std::string& username, const std::string& discriminator,
                      std::optional<Snowflake> except) override;
  bool email_taken(const std::string& email, std::optional<Snowflake> except) override;
  bool has_people() override;
  void update_user(const User& user) override;
  std::optional<std::string> password_hash(Snowflake user_id) override;
  void set_password_hash(Snowflake user_id, const std::string& hash) override;

  void create_session(const Session& session) override;
  std::optional<Session> find_session(Snowflake id) override;
  std::optional<User> find_session_user(Snowflake session_id, Snowflake user_id) override;
  void delete_session(Snowflake id) override;
  void delete_user_sessions(Snowflake user_id) override;
  std::vector<Session> list_user_sessions(Snowflake user_id) override;

  void create_application(const Application& application) override;
  std::optional<Application> find_application(Snowflake id) override;
  std::optional<Application> find_application_by_bot(Snowflake bot_user_id) override;
  std::vector<Application> list_applications(Snowflake owner_id) override;
  void update_application(const Application& application) override;
  void create_bot_user(const Application& application, const User& bot) override;

  void create_guild(const Guild& guild, const std::vector<Role>& roles, const std::vector<Channel>& channels,
                    const Member& owner) override;
  std::optional<Guild> find_guild(Snowflake id) override;
  void update_guild(const Guild& guild) override;
  void delete_guild(Snowflake id) override;
  std::vector<Guild> list_user_guilds(Snowflake user_id) override;
  std::int64_t count_members(Snowflake guild_id) override;

  std::vector<Role> list_roles(Snowflake guild_id) override;
  std::optional<Role> find_role(Snowflake id) override;
  void save_role(const Role& role) override;
  void delete_role(Snowflake id) override;

  std::vector<Channel> list_channels(Snowflake guild_id) override;
  std::optional<Channel> find_channel(Snowflake id) override;
  void save_channel(const Channel& channel) override;
  void delete_channel(Snowflake id) override;

  std::optional<Member> find_member(Snowflake guild_id, Snowflake user_id) override;
  std::vector<Member> list_members(Snowflake guild_id, Snowflake after, std::int64_t limit) override;
  std::vector<Member> search_members(Snowflake guild_id, const std::string& prefix,
                                     std::int64_t limit) override;
  void save_member(const Member& member) override;
  void remove_member(Snowflake guild_id, Snowflake user_id) override;
  std::vector<User> find_users(const std::vector<Snowflake>& ids) override;

  void create_invite(const Invite& invite) override;
  std::optional<Invite> find_invite(const std::string& code) override;
  bool use_invite(const std::string& code, std::int64_t now_ms) override;
  void delete_invite(const std::string& code) override;
  std::vector<Invite> list_invites(Snowflake guild_id, std::optional<Snowflake> channel_id) override;

  void save_ban(const Ban& ban) override;
  std::optional<Ban> find_ban(Snowflake guild_id, Snowflake user_id) override;
  std::vector<Ban> list_bans(Snowflake guild_id) override;
  void delete_ban(Snowflake guild_id, Snowflake user_id) override;

  void create_message(const Message& message) override;
  std::optional<Message> find_message(Snowflake id) override;
  std::vector<Message> list_messages(Snowflake channel_id, const MessagePage& page) override;
  void update_message(const Message& message) override;
  void delete_messages(Snowflake channel_id, const std::vector<Snowflake>& ids) override;
  std::optional<Snowflake> last_message_by(Snowflake channel_id, Snowflake author_id) override;
  void set_pinned(Snowflake message_id, std::optional<std::int64_t> pinned_at_ms) override;
  std::vector<Message> list_pins(Snowflake channel_id) override;
  bool add_reaction(Snowflake message_id, const std::string& emoji, Snowflake user_id,
                    std::int64_t now_ms) override;
  bool remove_reaction(Snowflake message_id, const std::string& emoji, Snowflake user_id) override;
  void remove_reactions(Snowflake message_id, std::optional<std::string> emoji) override;
  std::vector<Snowflake> reaction_users(Snowflake message_id, const std::string& emoji, Snowflake after,
                                        std::int64_t limit) override;
  std::vector<ReactionCount> reaction_counts(Snowflake message_id, Snowflake viewer_id) override;
  std::unordered_map<Snowflake, std::vector<ReactionCount>> reaction_counts(
      const std::vector<Snowflake>& message_ids, Snowflake viewer_id) override;
  MessageSearchResult search_messages(const MessageSearch& search) override;

  std::vector<Channel> list_threads(Snowflake guild_id) override;
  std::vector<Channel> list_open_threads() override;
  bool add_thread_member(const ThreadMember& member) override;
  bool remove_thread_member(Snowflake thread_id, Snowflake user_id) override;
  std::vector<ThreadMember> list_thread_members(Snowflake thread_id) override;
  std::optional<ThreadMember> find_thread_member(Snowflake thread_id, Snowflake user_id) override;

  void save_read_state(const ReadState& state) override;
  std::vector<ReadState> list_read_states(Snowflake user_id) override;

  std::vector<Emoji> list_emojis(Snowflake guild_id) override;
  std::optional<Emoji> find_emoji(Snowflake id) override;
  void save_emoji(const Emoji& emoji) override;
  void delete_emoji(Snowflake id) override;
  std::vector<Sticker> list_stickers(Snowflake guild_id) override;
  std::optional<Sticker> find_sticker(Snowflake id) override;
  void save_sticker(const Sticker& sticker) override;
  void delete_sticker(Snowflake id) override;

  void save_report(const Report& report) override;
  std::optional<Report> find_report(Snowflake id) override;
  std::vector<Report> list_reports(bool resolved, Snowflake after, std::int64_t limit) override;

  void set_user_rights(Snowflake user_id, std::int64_t rights, bool disabled) override;
  std::vector<User> list_users(const std::string& query, Snowflake after, std::int64_t limit) override;
  std::vector<Guild> list_guilds(const std::string& query, Snowflake after, std::int64_t limit) override;
  InstanceCounts count_instance() override;

  void save_webhook(const Webhook& webhook) override;
  std::optional<Webhook> find_webhook(Snowflake id) override;
  std::vector<Webhook> list_webhooks(Snowflake guild_id, std::optional<Snowflake> channel_id) override;
  void delete_webhook(Snowflake id) override;
  std::vector<Webhook> list_followers(Snowflake source_channel_id) override;

  std::vector<ApplicationCommand> list_commands(Snowflake application_id,
                                                std::optional<Snowflake> guild_id) override;
  std::optional<ApplicationCommand> find_command(Snowflake id) override;
  void save_command(const ApplicationCommand& command) override;
  void delete_command(Snowflake id) override;
  void replace_commands(Snowflake application_id, std::optional<Snowflake> guild_id,
                        const std::vector<ApplicationCommand>& commands) override;

  void save_interaction(const Interaction& interaction) override;
  std::optional<Interaction> find_interaction(Snowflake id) override;
  std::optional<Interaction> find_interaction_by_token(const std::string& token) override;
  bool answer_interaction(Snowflake id, std::int64_t response_type) override;
  std::vector<Interaction> take_unanswered(std::int64_t created_before_ms) override;
  void forget_interactions(std::int64_t created_before_ms) override;

  void save_scheduled_event(const ScheduledEvent& event) override;
  std::optional<ScheduledEvent> find_scheduled_event(Snowflake id) override;
  std::vector<ScheduledEvent> list_scheduled_events(Snowflake guild_id) override;
  void delete_scheduled_event(Snowflake id) override;
  bool add_event_user(Snowflake event_id, Snowflake user_id) override;
  bool remove_event_user(Snowflake event_id, Snowflake user_id) override;
  std::vector<Snowflake> list_event_users(Snowflake event_id, Snowflake after,
                                          std::optional<Snowflake> before, std::int64_t limit) override;
  std::int64_t count_event_users(Snowflake event_id) override;

  void save_automod_rule(const AutoModerationRule& rule) override;
  std::optional<AutoModerationRule> find_automod_rule(Snowflake id) override;
  std::vector<AutoModerationRule> list_automod_rules(Snowflake guild_id) override;
  void delete_automod_rule(Snowflake id) override;

  std::optional<Relationship> find_relationship(Snowflake user_id, Snowflake other_id) override;
  std::vector<Relationship> list_relationships(Snowflake user_id) override;
  void save_relationship(const Relationship& relationship) override;
  void delete_relationship(Snowflake user_id, Snowflake other_id) override;

  void create_private_channel(const Channel& channel, const std::vector<Snowflake>& recipients) override;
  std::vector<Snowflake> list_recipients(Snowflake channel_id) override;
  bool add_recipient(Snowflake channel_id, Snowflake user_id) override;
  bool remove_recipient(Snowflake channel_id, Snowflake user_id) override;
  std::optional<Snowflake> find_dm(Snowflake user_id, Snowflake other_id) override;
  std::vector<Channel> list_private_channels(Snowflake user_id) override;
  bool share_guild(Snowflake user_id, Snowflake other_id) override;

  std::optional<std::string> totp_secret(Snowflake user_id) override;
  void set_totp(Snowflake user_id, const std::optional<std::string>& secret,
                const std::vector<std::string>& backup_codes) override;
  std::vector<std::string> backup_codes(Snowflake user_id) override;
  bool use_backup_code(Snowflake user_id, const std::string& code) override;

  std::optional<std::string> user_settings(Snowflake user_id) override;
  void save_user_settings(Snowflake user_id, const std::string& settings) override;
  std::vector<std::pair<Snowflake, std::string>> user_guild_settings(Snowflake user_id) override;
  void save_user_guild_settings(Snowflake user_id, Snowflake guild_id, const std::string& settings) override;
  std::optional<std::string> user_note(Snowflake user_id, Snowflake target_id) override;
  void save_user_note(Snowflake user_id, Snowflake target_id,
                      const std::optional<std::string>& note) override;

  void add_audit_entry(const AuditLogEntry& entry) override;
  std::vector<AuditLogEntry> list_audit_entries(const AuditLogQuery& query) override;

  std::optional<std::string> instance_value(const std::string& key) override;
  void set_instance_value(const std::string& key, const std::string& value) override;
  std::string first_instance_value(const std::string& key, const std::string& value) override;

  void record_voice_node(std::int64_t worker_id, const std::string& endpoint, std::int64_t now_ms) override;
  void forget_voice_node(std::int64_t worker_id) override;
  std::vector<std::int64_t> claim_silent_voice_nodes(std::int64_t seen_before_ms) override;
  std::string place_voice_channel(Snowflake channel_id, std::int64_t worker_id,
                                  std::int64_t alive_since_ms) override;

  // Time connections spent lent out, for /metrics.
  double busy_seconds() const { return static_cast<double>(busy_nanoseconds_.load()) / 1e9; }

 private:
  // A connection borrowed from the pool for one call; returned when it goes out of scope.
  class Lease {
   public:
    Lease(SqlStore& store, std::unique_ptr<SqlConnection> connection)
        : store_(store), connection_(std::move(connection)), since_(std::chrono::steady_clock::now()) {}
    ~Lease() {
      if (!connection_) return;
      store_.busy_nanoseconds_ +=
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - since_)
              .count();
      store_.release(std::move(connection_));
    }
    Lease(Lease&& other) noexcept = default;
    SqlConnection* operator->() { return connection_.get(); }
    SqlConnection& operator*() { return *connection_; }

   private:
    SqlStore& store_;
    std::unique_ptr<SqlConnection> connection_;
    std::chrono::steady_clock::time_point since_;
  };
  Lease lease();
  void release(std::unique_ptr<SqlConnection> connection);

  Engine engine_;
  std::atomic<std::int64_t> busy_nanoseconds_{0};
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
};

}  // namespace accord::store
