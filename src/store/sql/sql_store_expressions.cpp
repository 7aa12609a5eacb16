// SqlStore: guild emojis and stickers.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "store/sql/sql_store.hpp"

namespace accord::store {
namespace {

constexpr const char* emoji_columns = "id, guild_id, name, animated, user_id, roles";

Emoji read_emoji(const Statement& row) {
  Emoji emoji;
  emoji.id = row.uint64(0);
  emoji.guild_id = row.uint64(1);
  emoji.name = row.text(2);
  emoji.animated = row.boolean(3);
  if (auto user = row.optional_int64(4)) emoji.user_id = static_cast<Snowflake>(*user);
  const auto roles = boost::json::parse(row.text(5));
  for (const auto& id : roles.as_array()) {
    if (auto role = parse_snowflake(id.as_string())) emoji.roles.push_back(*role);
  }
  return emoji;
}

constexpr const char* sticker_columns = "id, guild_id, name, description, tags, format_type, user_id";

Sticker read_sticker(const Statement& row) {
  Sticker sticker;
  sticker.id = row.uint64(0);
  sticker.guild_id = row.uint64(1);
  sticker.name = row.text(2);
  sticker.description = row.text(3);
  sticker.tags = row.text(4);
  sticker.format_type = row.int64(5);
  if (auto user = row.optional_int64(6)) sticker.user_id = static_cast<Snowflake>(*user);
  return sticker;
}

}  // namespace

std::vector<Emoji> SqlStore::list_emojis(Snowflake guild_id) {
  auto db = lease();
  auto rows =
      db->prepare(std::string("SELECT ") + emoji_columns + " FROM emojis WHERE guild_id = ?1 ORDER BY id");
  rows.bind(1, guild_id);
  std::vector<Emoji> emojis;
  while (rows.step()) emojis.push_back(read_emoji(rows));
  return emojis;
}

std::optional<Emoji> SqlStore::find_emoji(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + emoji_columns + " FROM emojis WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_emoji(row);
}

void SqlStore::save_emoji(const Emoji& emoji) {
  boost::json::array roles;
  for (auto id : emoji.roles) roles.push_back(boost::json::value(to_string(id)));
  auto db = lease();
  db->prepare(std::string("INSERT INTO emojis (") + emoji_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET name = ?3, roles = ?6")
      .bind(1, emoji.id)
      .bind(2, emoji.guild_id)
      .bind(3, emoji.name)
      .bind(4, emoji.animated)
      .bind(5, emoji.user_id)
      .bind(6, boost::json::serialize(roles))
      .run();
}

void SqlStore::delete_emoji(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM emojis WHERE id = ?1").bind(1, id).run();
}

std::vector<Sticker> SqlStore::list_stickers(Snowflake guild_id) {
  auto db = lease();
  auto rows = db->prepare(std::string("SELECT ") + sticker_columns +
                          " FROM stickers WHERE guild_id = ?1 ORDER BY id");
  rows.bind(1, guild_id);
  std::vector<Sticker> stickers;
  while (rows.step()) stickers.push_back(read_sticker(rows));
  return stickers;
}

std::optional<Sticker> SqlStore::find_sticker(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + sticker_columns + " FROM stickers WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_sticker(row);
}

void SqlStore::save_sticker(const Sticker& sticker) {
  auto db = lease();
  db->prepare(
        std::string("INSERT INTO stickers (") + sticker_columns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET name = ?3, description = ?4, "
        "tags = ?5")
      .bind(1, sticker.id)
      .bind(2, sticker.guild_id)
      .bind(3, sticker.name)
      .bind(4, sticker.description)
      .bind(5, sticker.tags)
      .bind(6, sticker.format_type)
      .bind(7, sticker.user_id)
      .run();
}

void SqlStore::delete_sticker(Snowflake id) {
  auto db = lease();
  db->prepare("DELETE FROM stickers WHERE id = ?1").bind(1, id).run();
}

}  // namespace accord::store
