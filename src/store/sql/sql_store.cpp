#include "store/sql/sql_store.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/sql/json_columns.hpp"

#include "store/sql/sql_dialect.hpp"

namespace accord::store {

namespace {

constexpr const char* user_columns =
    "id, username, discriminator, global_name, avatar, banner, accent_color, bio, bot, system, email, "
    "verified, "
    "mfa_enabled, flags, locale, created_at, rights, disabled";

User read_user(const Statement& row) {
  User user;
  user.id = row.uint64(0);
  user.username = row.text(1);
  user.discriminator = row.text(2);
  user.global_name = row.optional_text(3);
  user.avatar = row.optional_text(4);
  user.banner = row.optional_text(5);
  user.accent_color = row.optional_int64(6);
  user.bio = row.text(7);
  user.bot = row.boolean(8);
  user.system = row.boolean(9);
  user.email = row.optional_text(10);
  user.verified = row.boolean(11);
  user.mfa_enabled = row.boolean(12);
  user.flags = row.int64(13);
  user.locale = row.text(14);
  user.created_at_ms = row.int64(15);
  user.rights = row.int64(16);
  user.disabled = row.boolean(17);
  return user;
}

constexpr const char* application_columns =
    "id, owner_id, name, description, icon, bot_public, bot_require_code_grant, bot_user_id, verify_key, "
    "flags, "
    "interactions_endpoint_url, signing_key";

Application read_application(const Statement& row) {
  Application application;
  application.id = row.uint64(0);
  application.owner_id = row.uint64(1);
  application.name = row.text(2);
  application.description = row.text(3);
  application.icon = row.optional_text(4);
  application.bot_public = row.boolean(5);
  application.bot_require_code_grant = row.boolean(6);
  if (auto bot = row.optional_int64(7)) application.bot_user_id = static_cast<Snowflake>(*bot);
  application.verify_key = row.text(8);
  application.flags = row.int64(9);
  application.interactions_endpoint_url = row.optional_text(10);
  application.signing_key = row.text(11);
  return application;
}

void insert_user(SqlConnection& db, const User& user, const std::optional<std::string>& password_hash) {
  try {
    db.prepare(std::string("INSERT INTO users (") + user_columns +
               ", password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
               "?16, ?18, ?19, ?17)")
        .bind(1, user.id)
        .bind(2, user.username)
        .bind(3, user.discriminator)
        .bind(4, user.global_name)
        .bind(5, user.avatar)
        .bind(6, user.banner)
        .bind(7, user.accent_color)
        .bind(8, user.bio)
        .bind(9, user.bot)
        .bind(10, user.system)
        .bind(11, user.email)
        .bind(12, user.verified)
        .bind(13, user.mfa_enabled)
        .bind(14, user.flags)
        .bind(15, user.locale)
        .bind(16, user.created_at_ms)
        .bind(17, password_hash)
        .bind(18, user.rights)
        .bind(19, user.disabled)
        .run();
  } catch (const DatabaseError& error) {
    if (error.unique_violation()) throw UniqueViolation(error.what());
    throw;
  }
}

}  // namespace

SqlStore::SqlStore(std::vector<std::unique_ptr<SqlConnection>> connections)
    : engine_(connections.at(0)->engine()), idle_(std::move(connections)) {}

SqlStore::Lease SqlStore::lease() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(connection));
}

void SqlStore::release(std::unique_ptr<SqlConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

int SqlStore::migrate() {
  auto db = lease();
  {
    // In a (write) transaction, so nodes starting together against one PostgreSQL take turns.
    Transaction transaction(*db);
    db->execute(dialect::create_migrations_table(engine_));
    transaction.commit();
  }
  int applied = 0;
  for (const auto& migration : dialect::migrations(engine_)) {
    Transaction transaction(*db);
    auto seen = db->prepare("SELECT 1 FROM schema_migrations WHERE number = ?1");
    if (seen.bind(1, std::int64_t{migration.number}).step()) continue;
    db->execute(migration.sql);
    db->prepare("INSERT INTO schema_migrations (number, name) VALUES (?1, ?2)")
        .bind(1, std::int64_t{migration.number})
        .bind(2, migration.name)
        .run();
    transaction.commit();
    ++applied;
  }
  return applied;
}

void SqlStore::create_user(const User& user, const std::string& password_hash) {
  auto db = lease();
  insert_user(*db, user, password_hash);
}

std::optional<User> SqlStore::find_user(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + user_columns + " FROM users WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_user(row);
}

std::vector<User> SqlStore::find_users(const std::vector<Snowflake>& ids) {
  std::vector<User> users;
  if (ids.empty()) return users;
  std::unordered_map<Snowflake, User> found;
  {
    auto db = lease();
    auto row = db->prepare(std::string("SELECT ") + user_columns + " FROM users WHERE id IN (" +
                           dialect::id_list(engine_, 1) + ")");
    row.bind(1, ids_to_json_numbers(ids));
    while (row.step()) {
      auto user = read_user(row);
      found.emplace(user.id, std::move(user));
    }
  }
  // In the order asked, as callers list mentions in the order written.
  for (auto id : ids) {
    if (auto it = found.find(id); it != found.end()) users.push_back(it->second);
  }
  return users;
}

std::optional<User> SqlStore::find_user_by_login(const std::string& login) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + user_columns +
                         " FROM users WHERE bot = 0 AND (lower(email) = lower(?1) OR "
                         "(lower(username) = lower(?1) AND discriminator = '0'))");
  if (!row.bind(1, login).step()) return std::nullopt;
  return read_user(row);
}

bool SqlStore::username_taken(const std::string& username, const std::string& discriminator,
                              std::optional<Snowflake> except) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT 1 FROM users WHERE lower(username) = lower(?1) AND discriminator = ?2 AND id IS DISTINCT FROM "
      "?3");
  return row.bind(1, username).bind(2, discriminator).bind(3, except).step();
}

bool SqlStore::has_people() {
  auto db = lease();
  return db->prepare("SELECT 1 FROM users WHERE bot = 0 LIMIT 1").step();
}

bool SqlStore::email_taken(const std::string& email, std::optional<Snowflake> except) {
  auto db = lease();
  auto row = db->prepare("SELECT 1 FROM users WHERE lower(email) = lower(?1) AND id IS DISTINCT FROM ?2");
  return row.bind(1, email).bind(2, except).step();
}

void SqlStore::update_user(const User& user) {
  auto db = lease();
  try {
    db->prepare(
          "UPDATE users SET username = ?2, discriminator = ?3, global_name = ?4, avatar = ?5, banner = ?6, "
          "accent_color = ?7, bio = ?8, email = ?9, verified = ?10, mfa_enabled = ?11, flags = ?12, locale = "
          "?13 "
          "WHERE id = ?1")
        .bind(1, user.id)
        .bind(2, user.username)
        .bind(3, user.discriminator)
        .bind(4, user.global_name)
        .bind(5, user.avatar)
        .bind(6, user.banner)
        .bind(7, user.accent_color)
        .bind(8, user.bio)
        .bind(9, user.email)
        .bind(10, user.verified)
        .bind(11, user.mfa_enabled)
        .bind(12, user.flags)
        .bind(13, user.locale)
        .run();
  } catch (const DatabaseError& error) {
    if (error.unique_violation()) throw UniqueViolation(error.what());
    throw;
  }
}

std::optional<std::string> SqlStore::password_hash(Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare("SELECT password_hash FROM users WHERE id = ?1");
  if (!row.bind(1, user_id).step()) return std::nullopt;
  return row.optional_text(0);
}

void SqlStore::set_password_hash(Snowflake user_id, const std::string& hash) {
  auto db = lease();
  db->prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1").bind(1, user_id).bind(2, hash).run();
}

void SqlStore::create_session(const Session& session) {
  auto db = lease();
  db->prepare("INSERT INTO sessions (id, user_id, created_at, client) VALUES (?1, ?2, ?3, ?4)")
      .bind(1, session.id)
      .bind(2, session.user_id)
      .bind(3, session.created_at_ms)
      .bind(4, session.client)
      .run();
}

std::optional<Session> SqlStore::find_session(Snowflake id) {
  auto db = lease();
  auto row = db->prepare("SELECT id, user_id, created_at, client FROM sessions WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return Session{row.uint64(0), row.uint64(1), row.int64(2), row.text(3)};
}

std::optional<User> SqlStore::find_session_user(Snowflake session_id, Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare(
      std::string("SELECT ") + user_columns +
      " FROM users WHERE id = ?2 AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2)");
  if (!row.bind(1, session_id).bind(2, user_id).step()) return std::nullopt;
  return read_user(row);
}

std::vector<Session> SqlStore::list_user_sessions(Snowflake user_id) {
  auto db = lease();
  auto rows =
      db->prepare("SELECT id, user_id, created_at, client FROM sessions WHERE user_id = ?1 ORDER BY id");
  rows.bind(1, user_id);
  std::vector<Session> sessions;
  while (rows.step())
    sessions.push_back(Session{rows.uint64(0), rows.uint64(1), rows.int64(2), rows.text(3)});
  return sessions;
}

void SqlStore::delete_session(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM sessions WHERE id = ?1").bind(1, id).run();
}

void SqlStore::delete_user_sessions(Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM sessions WHERE user_id = ?1").bind(1, user_id).run();
}

void SqlStore::create_application(const Application& application) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO applications (") + application_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
      .bind(1, application.id)
      .bind(2, application.owner_id)
      .bind(3, application.name)
      .bind(4, application.description)
      .bind(5, application.icon)
      .bind(6, application.bot_public)
      .bind(7, application.bot_require_code_grant)
      .bind(8, application.bot_user_id)
      .bind(9, application.verify_key)
      .bind(10, application.flags)
      .bind(11, application.interactions_endpoint_url)
      .bind(12, application.signing_key)
      .run();
}

std::optional<Application> SqlStore::find_application(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + application_columns + " FROM applications WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_application(row);
}

std::optional<Application> SqlStore::find_application_by_bot(Snowflake bot_user_id) {
  auto db = lease();
  auto row =
      db->prepare(std::string("SELECT ") + application_columns + " FROM applications WHERE bot_user_id = ?1");
  if (!row.bind(1, bot_user_id).step()) return std::nullopt;
  return read_application(row);
}

std::vector<Application> SqlStore::list_applications(Snowflake owner_id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + application_columns +
                         " FROM applications WHERE owner_id = ?1 ORDER BY id");
  row.bind(1, owner_id);
  std::vector<Application> result;
  while (row.step()) result.push_back(read_application(row));
  return result;
}

void SqlStore::update_application(const Application& application) {
  auto db = lease();
  db->prepare(
        "UPDATE applications SET name = ?2, description = ?3, icon = ?4, bot_public = ?5, "
        "bot_require_code_grant = ?6, flags = ?7, interactions_endpoint_url = ?8 WHERE id = ?1")
      .bind(1, application.id)
      .bind(2, application.name)
      .bind(3, application.description)
      .bind(4, application.icon)
      .bind(5, application.bot_public)
      .bind(6, application.bot_require_code_grant)
      .bind(7, application.flags)
      .bind(8, application.interactions_endpoint_url)
      .run();
}

void SqlStore::create_bot_user(const Application& application, const User& bot) {
  auto db = lease();
  Transaction transaction(*db);
  insert_user(*db, bot, std::nullopt);
  db->prepare("UPDATE applications SET bot_user_id = ?2 WHERE id = ?1")
      .bind(1, application.id)
      .bind(2, bot.id)
      .run();
  transaction.commit();
}

void SqlStore::set_user_rights(Snowflake user_id, std::int64_t rights, bool disabled) {
  auto db = lease();
  db->prepare("UPDATE users SET rights = ?2, disabled = ?3 WHERE id = ?1")
      .bind(1, user_id)
      .bind(2, rights)
      .bind(3, disabled)
      .run();
}

std::vector<User> SqlStore::list_users(const std::string& query, Snowflake after, std::int64_t limit) {
  auto db = lease();
  auto rows =
      db->prepare(std::string("SELECT ") + user_columns + " FROM users WHERE id > ?1 AND (?2 = '' OR " +
                  dialect::contains(engine_, "lower(username)", "lower(?2)") + " OR " +
                  dialect::contains(engine_, "lower(coalesce(global_name, ''))", "lower(?2)") +
                  " OR lower(email) = lower(?2) OR CAST(id AS TEXT) = ?2) ORDER BY id LIMIT ?3");
  rows.bind(1, after).bind(2, query).bind(3, limit);
  std::vector<User> users;
  while (rows.step()) users.push_back(read_user(rows));
  return users;
}

InstanceCounts SqlStore::count_instance() {
  auto db = lease();
  auto row = db->prepare(
      "SELECT (SELECT count(*) FROM users WHERE bot = 0), (SELECT count(*) FROM users WHERE bot = 1), "
      "(SELECT count(*) FROM guilds), (SELECT count(*) FROM channels), (SELECT count(*) FROM messages)");
  row.step();
  return {row.int64(0), row.int64(1), row.int64(2), row.int64(3), row.int64(4)};
}

std::optional<std::string> SqlStore::instance_value(const std::string& key) {
  auto db = lease();
  auto row = db->prepare("SELECT value FROM instance_values WHERE key = ?1");
  if (!row.bind(1, key).step()) return std::nullopt;
  return row.text(0);
}

void SqlStore::set_instance_value(const std::string& key, const std::string& value) {
  auto db = lease();
  db->prepare(
        "INSERT INTO instance_values (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")
      .bind(1, key)
      .bind(2, value)
      .run();
}

std::string SqlStore::first_instance_value(const std::string& key, const std::string& value) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare("INSERT INTO instance_values (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")
      .bind(1, key)
      .bind(2, value)
      .run();
  auto row = db->prepare("SELECT value FROM instance_values WHERE key = ?1");
  row.bind(1, key).step();
  auto stored = row.text(0);
  transaction.commit();
  return stored;
}

void SqlStore::record_voice_node(std::int64_t worker_id, const std::string& endpoint, std::int64_t now_ms) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare(
        "INSERT INTO voice_nodes (worker_id, endpoint, seen_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (worker_id) DO UPDATE SET endpoint = excluded.endpoint, seen_at = excluded.seen_at")
      .bind(1, worker_id)
      .bind(2, endpoint)
      .bind(3, now_ms)
      .run();
  transaction.commit();
}

void SqlStore::forget_voice_node(std::int64_t worker_id) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare("DELETE FROM voice_nodes WHERE worker_id = ?1").bind(1, worker_id).run();
  transaction.commit();
}

std::vector<std::int64_t> SqlStore::claim_silent_voice_nodes(std::int64_t seen_before_ms) {
  auto db = lease();
  Transaction transaction(*db);
  std::vector<std::int64_t> silent;
  auto gone = db->prepare("DELETE FROM voice_nodes WHERE seen_at < ?1 RETURNING worker_id");
  gone.bind(1, seen_before_ms);
  while (gone.step()) silent.push_back(gone.int64(0));
  transaction.commit();
  std::sort(silent.begin(), silent.end());
  return silent;
}

std::string SqlStore::place_voice_channel(Snowflake channel_id, std::int64_t worker_id,
                                          std::int64_t alive_since_ms) {
  auto db = lease();
  Transaction transaction(*db);
  auto host = db->prepare(
      "SELECT n.endpoint FROM voice_channel_hosts h JOIN voice_nodes n ON n.worker_id = h.worker_id "
      "WHERE h.channel_id = ?1 AND n.seen_at >= ?2");
  host.bind(1, channel_id).bind(2, alive_since_ms);
  if (host.step()) {
    auto endpoint = host.text(0);
    transaction.commit();
    return endpoint;
  }
  auto mine = db->prepare("SELECT endpoint FROM voice_nodes WHERE worker_id = ?1");
  mine.bind(1, worker_id);
  if (!mine.step()) throw std::runtime_error("voice node " + std::to_string(worker_id) + " is not recorded");
  auto endpoint = mine.text(0);
  db->prepare(
        "INSERT INTO voice_channel_hosts (channel_id, worker_id) VALUES (?1, ?2) "
        "ON CONFLICT (channel_id) DO UPDATE SET worker_id = excluded.worker_id")
      .bind(1, channel_id)
      .bind(2, worker_id)
      .run();
  transaction.commit();
  return endpoint;
}

}  // namespace accord::store
