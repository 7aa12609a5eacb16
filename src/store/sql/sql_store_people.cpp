// SqlStore: relationships and two-factor authentication.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "store/sql/sql_store.hpp"

namespace accord::store {
namespace {

Relationship read_relationship(const Statement& row) {
  Relationship relationship;
  relationship.user_id = row.uint64(0);
  relationship.other_id = row.uint64(1);
  relationship.type = row.int64(2);
  relationship.nickname = row.optional_text(3);
  relationship.since_ms = row.int64(4);
  return relationship;
}

}  // namespace

std::optional<Relationship> SqlStore::find_relationship(Snowflake user_id, Snowflake other_id) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT user_id, other_id, type, nickname, since FROM relationships WHERE user_id = ?1 AND other_id = "
      "?2");
  if (!row.bind(1, user_id).bind(2, other_id).step()) return std::nullopt;
  return read_relationship(row);
}

std::vector<Relationship> SqlStore::list_relationships(Snowflake user_id) {
  auto db = lease();
  auto rows = db->prepare(
      "SELECT user_id, other_id, type, nickname, since FROM relationships WHERE user_id = ?1 ORDER BY since");
  rows.bind(1, user_id);
  std::vector<Relationship> relationships;
  while (rows.step()) relationships.push_back(read_relationship(rows));
  return relationships;
}

void SqlStore::save_relationship(const Relationship& relationship) {
  auto db = lease();
  db->prepare(
        "INSERT INTO relationships (user_id, other_id, type, nickname, since) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (user_id, other_id) DO UPDATE SET type = ?3, nickname = ?4, since = ?5")
      .bind(1, relationship.user_id)
      .bind(2, relationship.other_id)
      .bind(3, relationship.type)
      .bind(4, relationship.nickname)
      .bind(5, relationship.since_ms)
      .run();
}

void SqlStore::delete_relationship(Snowflake user_id, Snowflake other_id) {
  auto db = lease();
  db->prepare("DELETE FROM relationships WHERE user_id = ?1 AND other_id = ?2")
      .bind(1, user_id)
      .bind(2, other_id)
      .run();
}

std::optional<std::string> SqlStore::totp_secret(Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare("SELECT totp_secret FROM users WHERE id = ?1");
  if (!row.bind(1, user_id).step()) return std::nullopt;
  return row.optional_text(0);
}

void SqlStore::set_totp(Snowflake user_id, const std::optional<std::string>& secret,
                        const std::vector<std::string>& backup_codes) {
  boost::json::array codes;
  for (const auto& code : backup_codes) codes.push_back(boost::json::value(code));
  auto db = lease();
  db->prepare("UPDATE users SET totp_secret = ?2, backup_codes = ?3, mfa_enabled = ?4 WHERE id = ?1")
      .bind(1, user_id)
      .bind(2, secret)
      .bind(3, boost::json::serialize(codes))
      .bind(4, secret.has_value())
      .run();
}

std::vector<std::string> SqlStore::backup_codes(Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare("SELECT backup_codes FROM users WHERE id = ?1");
  std::vector<std::string> codes;
  if (!row.bind(1, user_id).step()) return codes;
  const auto parsed = boost::json::parse(row.text(0));
  for (const auto& code : parsed.as_array()) codes.emplace_back(code.as_string());
  return codes;
}

bool SqlStore::use_backup_code(Snowflake user_id, const std::string& code) {
  auto db = lease();
  Transaction transaction(*db);
  auto row = db->prepare("SELECT backup_codes FROM users WHERE id = ?1");
  if (!row.bind(1, user_id).step()) return false;
  const auto parsed = boost::json::parse(row.text(0));
  boost::json::array left;
  bool found = false;
  for (const auto& value : parsed.as_array()) {
    if (!found && value.as_string() == code) {
      found = true;
    } else {
      left.push_back(value);
    }
  }
  if (!found) return false;
  db->prepare("UPDATE users SET backup_codes = ?2 WHERE id = ?1")
      .bind(1, user_id)
      .bind(2, boost::json::serialize(left))
      .run();
  transaction.commit();
  return true;
}

std::optional<std::string> SqlStore::user_settings(Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare("SELECT settings FROM user_settings WHERE user_id = ?1");
  if (!row.bind(1, user_id).step()) return std::nullopt;
  return row.text(0);
}

void SqlStore::save_user_settings(Snowflake user_id, const std::string& settings) {
  auto db = lease();
  db->prepare(
        "INSERT INTO user_settings (user_id, settings) VALUES (?1, ?2) ON CONFLICT (user_id) DO UPDATE SET "
        "settings = ?2")
      .bind(1, user_id)
      .bind(2, settings)
      .run();
}

std::vector<std::pair<Snowflake, std::string>> SqlStore::user_guild_settings(Snowflake user_id) {
  auto db = lease();
  auto rows =
      db->prepare("SELECT guild_id, settings FROM user_guild_settings WHERE user_id = ?1 ORDER BY guild_id");
  rows.bind(1, user_id);
  std::vector<std::pair<Snowflake, std::string>> settings;
  while (rows.step()) settings.emplace_back(rows.uint64(0), rows.text(1));
  return settings;
}

void SqlStore::save_user_guild_settings(Snowflake user_id, Snowflake guild_id, const std::string& settings) {
  auto db = lease();
  db->prepare(
        "INSERT INTO user_guild_settings (user_id, guild_id, settings) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (user_id, guild_id) DO UPDATE SET settings = ?3")
      .bind(1, user_id)
      .bind(2, guild_id)
      .bind(3, settings)
      .run();
}

std::optional<std::string> SqlStore::user_note(Snowflake user_id, Snowflake target_id) {
  auto db = lease();
  auto row = db->prepare("SELECT note FROM user_notes WHERE user_id = ?1 AND target_id = ?2");
  if (!row.bind(1, user_id).bind(2, target_id).step()) return std::nullopt;
  return row.text(0);
}

void SqlStore::save_user_note(Snowflake user_id, Snowflake target_id,
                              const std::optional<std::string>& note) {
  auto db = lease();
  if (!note) {
    db->prepare("DELETE FROM user_notes WHERE user_id = ?1 AND target_id = ?2")
        .bind(1, user_id)
        .bind(2, target_id)
        .run();
    return;
  }
  db->prepare(
        "INSERT INTO user_notes (user_id, target_id, note) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (user_id, target_id) DO UPDATE SET note = ?3")
      .bind(1, user_id)
      .bind(2, target_id)
      .bind(3, *note)
      .run();
}

}  // namespace accord::store
