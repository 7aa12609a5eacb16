// SqlStore: messages.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>

#include "store/sql/json_columns.hpp"
#include "store/sql/sql_dialect.hpp"
#include "store/sql/sql_store.hpp"

namespace accord::store {
namespace {

constexpr const char* message_columns =
    "id, channel_id, guild_id, author_id, content, type, tts, flags, nonce, edited_at, pinned, "
    "mention_everyone, "
    "embeds, mentions, mention_roles, reference, attachments, sticker_items, components, webhook_id, "
    "application_id, author_name, author_avatar, interaction, visible_to";

Message read_message(const Statement& row) {
  Message message;
  message.id = row.uint64(0);
  message.channel_id = row.uint64(1);
  if (auto guild = row.optional_int64(2)) message.guild_id = static_cast<Snowflake>(*guild);
  message.author_id = row.uint64(3);
  message.content = row.text(4);
  message.type = row.int64(5);
  message.tts = row.boolean(6);
  message.flags = row.int64(7);
  message.nonce = row.optional_text(8);
  message.edited_at_ms = row.optional_int64(9);
  message.pinned = row.boolean(10);
  message.mention_everyone = row.boolean(11);
  message.embeds = boost::json::parse(row.text(12)).as_array();
  message.mentions = ids_from_json(row.text(13));
  message.mention_roles = ids_from_json(row.text(14));
  if (auto reference = row.optional_text(15)) message.reply_to = parse_snowflake(*reference);
  message.attachments = boost::json::parse(row.text(16)).as_array();
  message.sticker_items = boost::json::parse(row.text(17)).as_array();
  message.components = boost::json::parse(row.text(18)).as_array();
  message.webhook_id = row.optional_id(19);
  message.application_id = row.optional_id(20);
  message.author_name = row.optional_text(21);
  message.author_avatar = row.optional_text(22);
  if (auto interaction = row.optional_text(23))
    message.interaction = boost::json::parse(*interaction).as_object();
  message.visible_to = row.optional_id(24);
  return message;
}

}  // namespace

void SqlStore::create_message(const Message& message) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare(std::string("INSERT INTO messages (") + message_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
              "?19, ?20, "
              "?21, ?22, ?23, ?24, ?25)")
      .bind(1, message.id)
      .bind(2, message.channel_id)
      .bind(3, message.guild_id)
      .bind(4, message.author_id)
      .bind(5, message.content)
      .bind(6, message.type)
      .bind(7, message.tts)
      .bind(8, message.flags)
      .bind(9, message.nonce)
      .bind(10, message.edited_at_ms)
      .bind(11, message.pinned)
      .bind(12, message.mention_everyone)
      .bind(13, boost::json::serialize(message.embeds))
      .bind(14, ids_to_json(message.mentions))
      .bind(15, ids_to_json(message.mention_roles))
      .bind(16, message.reply_to ? std::optional<std::string>(to_string(*message.reply_to)) : std::nullopt)
      .bind(17, boost::json::serialize(message.attachments))
      .bind(18, boost::json::serialize(message.sticker_items))
      .bind(19, boost::json::serialize(message.components))
      .bind(20, message.webhook_id)
      .bind(21, message.application_id)
      .bind(22, message.author_name)
      .bind(23, message.author_avatar)
      .bind(24, message.interaction.empty()
                    ? std::nullopt
                    : std::optional<std::string>(boost::json::serialize(message.interaction)))
      .bind(25, message.visible_to)
      .run();
  // An ephemeral message is nobody's history: the channel's last message stays as it was.
  if (message.visible_to) {
    transaction.commit();
    return;
  }
  // Ids are minted before the transaction, so concurrent sends may commit out of order: only move forward.
  // A thread also counts its messages (message_count, total_message_sent).
  db->prepare(
        "UPDATE channels SET last_message_id = CASE WHEN coalesce(last_message_id, 0) > ?2 THEN "
        "last_message_id ELSE ?2 END, message_count = message_count + CASE WHEN type IN (10, 11, 12) THEN 1 "
        "ELSE 0 END WHERE id = ?1")
      .bind(1, message.channel_id)
      .bind(2, message.id)
      .run();
  transaction.commit();
}

std::optional<Message> SqlStore::find_message(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + message_columns + " FROM messages WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_message(row);
}

std::vector<Message> SqlStore::list_messages(Snowflake channel_id, const MessagePage& page) {
  auto db = lease();
  std::vector<Message> messages;
  auto collect = [&](const std::string& condition, const char* order, std::int64_t limit, Snowflake bound) {
    auto row = db->prepare(std::string("SELECT ") + message_columns +
                           " FROM messages WHERE channel_id = ?1 AND visible_to IS NULL AND " + condition +
                           " ORDER BY id " + order + " LIMIT ?3");
    row.bind(1, channel_id).bind(2, bound).bind(3, limit);
    while (row.step()) messages.push_back(read_message(row));
  };
  if (page.around) {
    // Discord: half before (and including) the message, half after, newest first.
    const auto after_count = page.limit / 2;
    collect("id > ?2", "ASC", after_count, *page.around);
    std::reverse(messages.begin(), messages.end());
    collect("id <= ?2", "DESC", page.limit - after_count, *page.around);
  } else if (page.after) {
    collect("id > ?2", "ASC", page.limit, *page.after);
    std::reverse(messages.begin(), messages.end());
  } else {
    collect("id < ?2", "DESC", page.limit, page.before.value_or(static_cast<Snowflake>(INT64_MAX)));
  }
  return messages;
}

void SqlStore::update_message(const Message& message) {
  auto db = lease();
  db->prepare(
        "UPDATE messages SET content = ?2, flags = ?3, edited_at = ?4, pinned = ?5, mention_everyone = ?6, "
        "embeds = ?7, mentions = ?8, mention_roles = ?9, attachments = ?10, components = ?11 WHERE id = ?1")
      .bind(1, message.id)
      .bind(2, message.content)
      .bind(3, message.flags)
      .bind(4, message.edited_at_ms)
      .bind(5, message.pinned)
      .bind(6, message.mention_everyone)
      .bind(7, boost::json::serialize(message.embeds))
      .bind(8, ids_to_json(message.mentions))
      .bind(9, ids_to_json(message.mention_roles))
      .bind(10, boost::json::serialize(message.attachments))
      .bind(11, boost::json::serialize(message.components))
      .run();
}

void SqlStore::delete_messages(Snowflake channel_id, const std::vector<Snowflake>& ids) {
  auto db = lease();
  Transaction transaction(*db);
  for (auto id : ids) {
    db->prepare("DELETE FROM messages WHERE channel_id = ?1 AND id = ?2")
        .bind(1, channel_id)
        .bind(2, id)
        .run();
  }
  transaction.commit();
}

}  // namespace accord::store

namespace accord::store {

std::optional<Snowflake> SqlStore::last_message_by(Snowflake channel_id, Snowflake author_id) {
  auto db = lease();
  auto row = db->prepare("SELECT max(id) FROM messages WHERE channel_id = ?1 AND author_id = ?2");
  row.bind(1, channel_id).bind(2, author_id).step();
  if (auto id = row.optional_int64(0)) return static_cast<Snowflake>(*id);
  return std::nullopt;
}

void SqlStore::set_pinned(Snowflake message_id, std::optional<std::int64_t> pinned_at_ms) {
  auto db = lease();
  db->prepare("UPDATE messages SET pinned = ?2, pinned_at = ?3 WHERE id = ?1")
      .bind(1, message_id)
      .bind(2, pinned_at_ms.has_value())
      .bind(3, pinned_at_ms)
      .run();
}

std::vector<Message> SqlStore::list_pins(Snowflake channel_id) {
  auto db = lease();
  auto row =
      db->prepare(std::string("SELECT ") + message_columns +
                  " FROM messages WHERE channel_id = ?1 AND pinned_at IS NOT NULL ORDER BY pinned_at DESC");
  row.bind(1, channel_id);
  std::vector<Message> messages;
  while (row.step()) messages.push_back(read_message(row));
  return messages;
}

bool SqlStore::add_reaction(Snowflake message_id, const std::string& emoji, Snowflake user_id,
                            std::int64_t now_ms) {
  auto db = lease();
  db->prepare(
        "INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT "
        "DO NOTHING")
      .bind(1, message_id)
      .bind(2, emoji)
      .bind(3, user_id)
      .bind(4, now_ms)
      .run();
  return db->changes() == 1;
}

bool SqlStore::remove_reaction(Snowflake message_id, const std::string& emoji, Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM reactions WHERE message_id = ?1 AND emoji = ?2 AND user_id = ?3")
      .bind(1, message_id)
      .bind(2, emoji)
      .bind(3, user_id)
      .run();
  return db->changes() == 1;
}

void SqlStore::remove_reactions(Snowflake message_id, std::optional<std::string> emoji) {
  auto db = lease();
  db->prepare("DELETE FROM reactions WHERE message_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR emoji = ?2)")
      .bind(1, message_id)
      .bind(2, emoji)
      .run();
}

std::vector<Snowflake> SqlStore::reaction_users(Snowflake message_id, const std::string& emoji,
                                                Snowflake after, std::int64_t limit) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT user_id FROM reactions WHERE message_id = ?1 AND emoji = ?2 AND user_id > ?3 ORDER BY user_id "
      "LIMIT ?4");
  row.bind(1, message_id).bind(2, emoji).bind(3, after).bind(4, limit);
  std::vector<Snowflake> users;
  while (row.step()) users.push_back(row.uint64(0));
  return users;
}

std::vector<Store::ReactionCount> SqlStore::reaction_counts(Snowflake message_id, Snowflake viewer_id) {
  auto db = lease();
  // In the order each emoji was first used, as Discord shows them.
  auto row = db->prepare(
      "SELECT emoji, count(*), max(CASE WHEN user_id = ?2 THEN 1 ELSE 0 END) FROM reactions WHERE message_id "
      "= ?1 GROUP BY emoji "
      "ORDER BY min(created_at), emoji");
  row.bind(1, message_id).bind(2, viewer_id);
  std::vector<ReactionCount> counts;
  while (row.step()) counts.push_back({row.text(0), row.int64(1), row.boolean(2)});
  return counts;
}

std::unordered_map<Snowflake, std::vector<Store::ReactionCount>> SqlStore::reaction_counts(
    const std::vector<Snowflake>& message_ids, Snowflake viewer_id) {
  std::unordered_map<Snowflake, std::vector<ReactionCount>> counts;
  if (message_ids.empty()) return counts;
  auto db = lease();
  auto row = db->prepare(
      "SELECT message_id, emoji, count(*), max(CASE WHEN user_id = ?2 THEN 1 ELSE 0 END) FROM reactions "
      "WHERE message_id IN (" +
      dialect::id_list(engine_, 1) +
      ") GROUP BY message_id, emoji "
      "ORDER BY message_id, min(created_at), emoji");
  row.bind(1, ids_to_json_numbers(message_ids)).bind(2, viewer_id);
  while (row.step())
    counts[static_cast<Snowflake>(row.int64(0))].push_back({row.text(1), row.int64(2), row.boolean(3)});
  return counts;
}

}  // namespace accord::store

namespace accord::store {

void SqlStore::save_read_state(const ReadState& state) {
  auto db = lease();
  db->prepare(
        "INSERT INTO read_states (user_id, channel_id, last_message_id, mention_count) VALUES (?1, ?2, ?3, "
        "?4) "
        "ON CONFLICT (user_id, channel_id) DO UPDATE SET last_message_id = ?3, mention_count = ?4")
      .bind(1, state.user_id)
      .bind(2, state.channel_id)
      .bind(3, state.last_message_id)
      .bind(4, state.mention_count)
      .run();
}

std::vector<ReadState> SqlStore::list_read_states(Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT user_id, channel_id, last_message_id, mention_count FROM read_states WHERE user_id = ?1 ORDER "
      "BY "
      "channel_id");
  row.bind(1, user_id);
  std::vector<ReadState> states;
  while (row.step()) states.push_back({row.uint64(0), row.uint64(1), row.uint64(2), row.int64(3)});
  return states;
}

MessageSearchResult SqlStore::search_messages(const MessageSearch& search) {
  MessageSearchResult result;
  if (search.channel_ids.empty()) return result;
  // Lists travel as JSON arrays, so the SQL text stays fixed and its statement cached.
  const auto query = dialect::search_words(engine_, search.content);
  const std::string& where = dialect::message_search_filter(engine_, !query.empty());
  auto numbers = [](const std::vector<Snowflake>& ids) {
    boost::json::array array;
    for (auto id : ids) array.push_back(static_cast<std::int64_t>(id));
    return boost::json::serialize(array);
  };
  const auto channels = numbers(search.channel_ids);
  const auto authors = numbers(search.author_ids);
  const auto mentions = ids_to_json(search.mentions);  // stored mentions are strings
  auto bind = [&](Statement& statement) {
    if (query.empty()) {
      statement.bind(1, std::nullopt);
    } else {
      statement.bind(1, query);
    }
    boost::json::array has;
    for (const auto& kind : search.has) has.push_back(boost::json::value(kind));
    statement.bind(2, channels).bind(3, authors).bind(4, mentions).bind(7, boost::json::serialize(has));
  };

  auto db = lease();
  {
    auto count = db->prepare("SELECT count(*) FROM messages m WHERE " + where);
    bind(count);
    count.step();
    result.total = count.int64(0);
  }
  auto row = db->prepare(std::string("SELECT ") + message_columns + " FROM messages m WHERE " + where +
                         " ORDER BY m.id DESC LIMIT ?5 OFFSET ?6");
  bind(row);
  row.bind(5, search.limit).bind(6, search.offset);
  while (row.step()) result.messages.push_back(read_message(row));
  return result;
}

}  // namespace accord::store
