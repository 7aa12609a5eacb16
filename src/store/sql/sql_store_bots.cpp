// SqlStore: webhooks, application commands and interactions.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "store/sql/sql_store.hpp"
#include "store/sql/sql_text.hpp"

namespace accord::store {
namespace {

constexpr const char* webhook_columns =
    "id, type, guild_id, channel_id, user_id, name, avatar, token, application_id, source_channel_id";

Webhook read_webhook(const Statement& row) {
  Webhook webhook;
  webhook.id = row.uint64(0);
  webhook.type = row.int64(1);
  webhook.guild_id = row.uint64(2);
  webhook.channel_id = row.uint64(3);
  webhook.user_id = row.optional_id(4);
  webhook.name = row.text(5);
  webhook.avatar = row.optional_text(6);
  webhook.token = row.text(7);
  webhook.application_id = row.optional_id(8);
  webhook.source_channel_id = row.optional_id(9);
  return webhook;
}

constexpr const char* command_columns = "id, application_id, guild_id, type, name, body, version";

ApplicationCommand read_command(const Statement& row) {
  ApplicationCommand command;
  command.id = row.uint64(0);
  command.application_id = row.uint64(1);
  command.guild_id = row.optional_id(2);
  command.type = row.int64(3);
  command.name = row.text(4);
  command.body = boost::json::parse(row.text(5)).as_object();
  command.version = row.uint64(6);
  return command;
}

void insert_command(SqlConnection& db, const ApplicationCommand& command) {
  db.prepare(std::string("INSERT INTO application_commands (") + command_columns +
             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET type = ?4, name = ?5, "
             "body = ?6, version = ?7")
      .bind(1, command.id)
      .bind(2, command.application_id)
      .bind(3, command.guild_id)
      .bind(4, command.type)
      .bind(5, command.name)
      .bind(6, boost::json::serialize(command.body))
      .bind(7, command.version)
      .run();
}

constexpr const char* interaction_columns =
    "id, application_id, token, type, user_id, guild_id, channel_id, message_id, name, command_type, nonce, "
    "created_at, response_type, original_message_id, ephemeral, modal_custom_id, failed, followups";

Interaction read_interaction(const Statement& row) {
  Interaction interaction;
  interaction.id = row.uint64(0);
  interaction.application_id = row.uint64(1);
  interaction.token = row.text(2);
  interaction.type = row.int64(3);
  interaction.user_id = row.uint64(4);
  interaction.guild_id = row.optional_id(5);
  interaction.channel_id = row.uint64(6);
  interaction.message_id = row.optional_id(7);
  interaction.name = row.text(8);
  interaction.command_type = row.int64(9);
  interaction.nonce = row.optional_text(10);
  interaction.created_at_ms = row.int64(11);
  interaction.response_type = row.optional_int64(12);
  interaction.original_message_id = row.optional_id(13);
  interaction.ephemeral = row.boolean(14);
  interaction.modal_custom_id = row.optional_text(15);
  interaction.failed = row.boolean(16);
  interaction.followups = row.int64(17);
  return interaction;
}

}  // namespace

void SqlStore::save_webhook(const Webhook& webhook) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO webhooks (") + webhook_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" + upsert_by_id(webhook_columns))
      .bind(1, webhook.id)
      .bind(2, webhook.type)
      .bind(3, webhook.guild_id)
      .bind(4, webhook.channel_id)
      .bind(5, webhook.user_id)
      .bind(6, webhook.name)
      .bind(7, webhook.avatar)
      .bind(8, webhook.token)
      .bind(9, webhook.application_id)
      .bind(10, webhook.source_channel_id)
      .run();
}

std::optional<Webhook> SqlStore::find_webhook(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + webhook_columns + " FROM webhooks WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_webhook(row);
}

std::vector<Webhook> SqlStore::list_webhooks(Snowflake guild_id, std::optional<Snowflake> channel_id) {
  auto db = lease();
  auto rows = db->prepare(
      std::string("SELECT ") + webhook_columns +
      " FROM webhooks WHERE guild_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR channel_id = ?2) ORDER BY id");
  rows.bind(1, guild_id).bind(2, channel_id);
  std::vector<Webhook> webhooks;
  while (rows.step()) webhooks.push_back(read_webhook(rows));
  return webhooks;
}

std::vector<Webhook> SqlStore::list_followers(Snowflake source_channel_id) {
  auto db = lease();
  auto rows =
      db->prepare(std::string("SELECT ") + webhook_columns + " FROM webhooks WHERE source_channel_id = ?1");
  rows.bind(1, source_channel_id);
  std::vector<Webhook> webhooks;
  while (rows.step()) webhooks.push_back(read_webhook(rows));
  return webhooks;
}

void SqlStore::delete_webhook(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM webhooks WHERE id = ?1").bind(1, id).run();
}

std::vector<ApplicationCommand> SqlStore::list_commands(Snowflake application_id,
                                                        std::optional<Snowflake> guild_id) {
  auto db = lease();
  auto rows = db->prepare(std::string("SELECT ") + command_columns +
                          " FROM application_commands WHERE application_id = ?1 AND guild_id IS NOT DISTINCT "
                          "FROM ?2 ORDER BY id");
  rows.bind(1, application_id).bind(2, guild_id);
  std::vector<ApplicationCommand> commands;
  while (rows.step()) commands.push_back(read_command(rows));
  return commands;
}

std::optional<ApplicationCommand> SqlStore::find_command(Snowflake id) {
  auto db = lease();
  auto row =
      db->prepare(std::string("SELECT ") + command_columns + " FROM application_commands WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_command(row);
}

void SqlStore::save_command(const ApplicationCommand& command) {
  auto db = lease();
  try {
    insert_command(*db, command);
  } catch (const DatabaseError& error) {
    if (error.unique_violation()) throw UniqueViolation(error.what());
    throw;
  }
}

void SqlStore::delete_command(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM application_commands WHERE id = ?1").bind(1, id).run();
}

void SqlStore::replace_commands(Snowflake application_id, std::optional<Snowflake> guild_id,
                                const std::vector<ApplicationCommand>& commands) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare(
        "DELETE FROM application_commands WHERE application_id = ?1 AND guild_id IS NOT DISTINCT FROM ?2")
      .bind(1, application_id)
      .bind(2, guild_id)
      .run();
  for (const auto& command : commands) insert_command(*db, command);
  transaction.commit();
}

void SqlStore::save_interaction(const Interaction& interaction) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO interactions (") + interaction_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)" +
              upsert_by_id(interaction_columns))
      .bind(1, interaction.id)
      .bind(2, interaction.application_id)
      .bind(3, interaction.token)
      .bind(4, interaction.type)
      .bind(5, interaction.user_id)
      .bind(6, interaction.guild_id)
      .bind(7, interaction.channel_id)
      .bind(8, interaction.message_id)
      .bind(9, interaction.name)
      .bind(10, interaction.command_type)
      .bind(11, interaction.nonce)
      .bind(12, interaction.created_at_ms)
      .bind(13, interaction.response_type)
      .bind(14, interaction.original_message_id)
      .bind(15, interaction.ephemeral)
      .bind(16, interaction.modal_custom_id)
      .bind(17, interaction.failed)
      .bind(18, interaction.followups)
      .run();
}

std::optional<Interaction> SqlStore::find_interaction(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + interaction_columns + " FROM interactions WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_interaction(row);
}

std::optional<Interaction> SqlStore::find_interaction_by_token(const std::string& token) {
  // Tokens embed the interaction id (see InteractionService), so this is a primary-key lookup.
  const auto dot = token.find('.');
  const auto id = parse_snowflake(token.substr(0, dot));
  if (!id) return std::nullopt;
  auto interaction = find_interaction(*id);
  if (!interaction || interaction->token != token) return std::nullopt;
  return interaction;
}

bool SqlStore::answer_interaction(Snowflake id, std::int64_t response_type) {
  auto db = lease();
  db->prepare(
        "UPDATE interactions SET response_type = ?2 WHERE id = ?1 AND response_type IS NULL AND failed = 0")
      .bind(1, id)
      .bind(2, response_type)
      .run();
  return db->changes() == 1;
}

std::vector<Interaction> SqlStore::take_unanswered(std::int64_t created_before_ms) {
  auto db = lease();
  Transaction transaction(*db);
  auto rows =
      db->prepare(std::string("SELECT ") + interaction_columns +
                  " FROM interactions WHERE response_type IS NULL AND failed = 0 AND created_at < ?1");
  rows.bind(1, created_before_ms);
  std::vector<Interaction> taken;
  while (rows.step()) taken.push_back(read_interaction(rows));
  db->prepare(
        "UPDATE interactions SET failed = 1 WHERE response_type IS NULL AND failed = 0 AND created_at < ?1")
      .bind(1, created_before_ms)
      .run();
  transaction.commit();
  return taken;
}

void SqlStore::forget_interactions(std::int64_t created_before_ms) {
  auto db = lease();
  db->prepare("DELETE FROM interactions WHERE created_at < ?1").bind(1, created_before_ms).run();
}

void SqlStore::add_audit_entry(const AuditLogEntry& entry) {
  auto db = lease();
  db->prepare(
        "INSERT INTO audit_log_entries (id, guild_id, user_id, target_id, action_type, changes, options, "
        "reason) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind(1, entry.id)
      .bind(2, entry.guild_id)
      .bind(3, entry.user_id)
      .bind(4, entry.target_id)
      .bind(5, entry.action_type)
      .bind(6, boost::json::serialize(entry.changes))
      .bind(7, entry.options.empty() ? std::nullopt
                                     : std::optional<std::string>(boost::json::serialize(entry.options)))
      .bind(8, entry.reason)
      .run();
}

std::vector<AuditLogEntry> SqlStore::list_audit_entries(const AuditLogQuery& query) {
  auto db = lease();
  // With `after`, Discord pages forward but still answers newest first.
  auto rows = db->prepare(
      "SELECT id, guild_id, user_id, target_id, action_type, changes, options, reason FROM audit_log_entries "
      "WHERE guild_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR user_id = ?2) AND (CAST(?3 AS BIGINT) IS NULL "
      "OR action_type = ?3) AND (CAST(?4 AS BIGINT) IS NULL OR id < ?4) AND (CAST(?5 AS BIGINT) IS NULL OR "
      "id > ?5) ORDER BY CASE WHEN CAST(?5 AS BIGINT) IS NULL THEN -id ELSE id END LIMIT ?6");
  rows.bind(1, query.guild_id)
      .bind(2, query.user_id)
      .bind(3, query.action_type)
      .bind(4, query.before)
      .bind(5, query.after)
      .bind(6, query.limit);
  std::vector<AuditLogEntry> entries;
  while (rows.step()) {
    AuditLogEntry entry;
    entry.id = rows.uint64(0);
    entry.guild_id = rows.uint64(1);
    entry.user_id = rows.optional_id(2);
    entry.target_id = rows.optional_id(3);
    entry.action_type = rows.int64(4);
    entry.changes = boost::json::parse(rows.text(5)).as_array();
    if (auto options = rows.optional_text(6)) entry.options = boost::json::parse(*options).as_object();
    entry.reason = rows.optional_text(7);
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  return entries;
}

}  // namespace accord::store
