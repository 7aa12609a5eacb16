// SqlStore: scheduled events and auto moderation rules.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "store/sql/json_columns.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sql/sql_text.hpp"

namespace accord::store {
namespace {

constexpr const char* event_columns =
    "id, guild_id, channel_id, creator_id, name, description, scheduled_start, scheduled_end, privacy_level, "
    "status, entity_type, location, image";

ScheduledEvent read_event(const Statement& row) {
  ScheduledEvent event;
  event.id = row.uint64(0);
  event.guild_id = row.uint64(1);
  event.channel_id = row.optional_id(2);
  event.creator_id = row.optional_id(3);
  event.name = row.text(4);
  event.description = row.optional_text(5);
  event.scheduled_start_ms = row.int64(6);
  event.scheduled_end_ms = row.optional_int64(7);
  event.privacy_level = row.int64(8);
  event.status = row.int64(9);
  event.entity_type = row.int64(10);
  event.location = row.optional_text(11);
  event.image = row.optional_text(12);
  return event;
}

constexpr const char* rule_columns =
    "id, guild_id, creator_id, name, event_type, trigger_type, trigger_metadata, actions, enabled, "
    "exempt_roles, "
    "exempt_channels";

AutoModerationRule read_rule(const Statement& row) {
  AutoModerationRule rule;
  rule.id = row.uint64(0);
  rule.guild_id = row.uint64(1);
  rule.creator_id = row.uint64(2);
  rule.name = row.text(3);
  rule.event_type = row.int64(4);
  rule.trigger_type = row.int64(5);
  rule.trigger_metadata = boost::json::parse(row.text(6)).as_object();
  rule.actions = boost::json::parse(row.text(7)).as_array();
  rule.enabled = row.boolean(8);
  rule.exempt_roles = ids_from_json(row.text(9));
  rule.exempt_channels = ids_from_json(row.text(10));
  return rule;
}

}  // namespace

void SqlStore::save_scheduled_event(const ScheduledEvent& event) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO scheduled_events (") + event_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)" +
              upsert_by_id(event_columns))
      .bind(1, event.id)
      .bind(2, event.guild_id)
      .bind(3, event.channel_id)
      .bind(4, event.creator_id)
      .bind(5, event.name)
      .bind(6, event.description)
      .bind(7, event.scheduled_start_ms)
      .bind(8, event.scheduled_end_ms)
      .bind(9, event.privacy_level)
      .bind(10, event.status)
      .bind(11, event.entity_type)
      .bind(12, event.location)
      .bind(13, event.image)
      .run();
}

std::optional<ScheduledEvent> SqlStore::find_scheduled_event(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + event_columns + " FROM scheduled_events WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_event(row);
}

std::vector<ScheduledEvent> SqlStore::list_scheduled_events(Snowflake guild_id) {
  auto db = lease();
  auto rows = db->prepare(std::string("SELECT ") + event_columns +
                          " FROM scheduled_events WHERE guild_id = ?1 ORDER BY scheduled_start, id");
  rows.bind(1, guild_id);
  std::vector<ScheduledEvent> events;
  while (rows.step()) events.push_back(read_event(rows));
  return events;
}

void SqlStore::delete_scheduled_event(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM scheduled_events WHERE id = ?1").bind(1, id).run();
}

bool SqlStore::add_event_user(Snowflake event_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("INSERT INTO scheduled_event_users (event_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
      .bind(1, event_id)
      .bind(2, user_id)
      .run();
  return db->changes() == 1;
}

bool SqlStore::remove_event_user(Snowflake event_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM scheduled_event_users WHERE event_id = ?1 AND user_id = ?2")
      .bind(1, event_id)
      .bind(2, user_id)
      .run();
  return db->changes() == 1;
}

std::vector<Snowflake> SqlStore::list_event_users(Snowflake event_id, Snowflake after,
                                                  std::optional<Snowflake> before, std::int64_t limit) {
  auto db = lease();
  auto rows = db->prepare(
      "SELECT user_id FROM scheduled_event_users WHERE event_id = ?1 AND user_id > ?2 AND (CAST(?3 AS "
      "BIGINT) "
      "IS NULL OR user_id < ?3) ORDER BY CASE WHEN CAST(?3 AS BIGINT) IS NULL THEN user_id ELSE -user_id END "
      "LIMIT ?4");
  rows.bind(1, event_id).bind(2, after).bind(3, before).bind(4, limit);
  std::vector<Snowflake> users;
  while (rows.step()) users.push_back(rows.uint64(0));
  std::sort(users.begin(), users.end());
  return users;
}

std::int64_t SqlStore::count_event_users(Snowflake event_id) {
  auto db = lease();
  auto row = db->prepare("SELECT count(*) FROM scheduled_event_users WHERE event_id = ?1");
  row.bind(1, event_id).step();
  return row.int64(0);
}

void SqlStore::save_automod_rule(const AutoModerationRule& rule) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO auto_moderation_rules (") + rule_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)" + upsert_by_id(rule_columns))
      .bind(1, rule.id)
      .bind(2, rule.guild_id)
      .bind(3, rule.creator_id)
      .bind(4, rule.name)
      .bind(5, rule.event_type)
      .bind(6, rule.trigger_type)
      .bind(7, boost::json::serialize(rule.trigger_metadata))
      .bind(8, boost::json::serialize(rule.actions))
      .bind(9, rule.enabled)
      .bind(10, ids_to_json(rule.exempt_roles))
      .bind(11, ids_to_json(rule.exempt_channels))
      .run();
}

std::optional<AutoModerationRule> SqlStore::find_automod_rule(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + rule_columns + " FROM auto_moderation_rules WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_rule(row);
}

std::vector<AutoModerationRule> SqlStore::list_automod_rules(Snowflake guild_id) {
  auto db = lease();
  auto rows = db->prepare(std::string("SELECT ") + rule_columns +
                          " FROM auto_moderation_rules WHERE guild_id = ?1 ORDER BY id");
  rows.bind(1, guild_id);
  std::vector<AutoModerationRule> rules;
  while (rows.step()) rules.push_back(read_rule(rows));
  return rules;
}

void SqlStore::delete_automod_rule(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM auto_moderation_rules WHERE id = ?1").bind(1, id).run();
}

}  // namespace accord::store
