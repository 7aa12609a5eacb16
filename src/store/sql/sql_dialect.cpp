#include "store/sql/sql_dialect.hpp"

namespace accord::store::dialect {

const std::vector<Migration>& migrations(Engine engine) {
  return engine == Engine::sqlite ? sqlite_migrations() : postgres_migrations();
}

std::string create_migrations_table(Engine engine) {
  if (engine == Engine::sqlite) {
    return "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, "
           "applied_at INTEGER NOT NULL DEFAULT (unixepoch()))";
  }
  return "CREATE TABLE IF NOT EXISTS schema_migrations (number BIGINT PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at BIGINT NOT NULL DEFAULT (CAST(extract(epoch FROM now()) AS BIGINT)))";
}

std::string id_list(Engine engine, int parameter) {
  const auto n = std::to_string(parameter);
  if (engine == Engine::sqlite) return "SELECT value FROM json_each(?" + n + ")";
  return "SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(?" + n + " AS jsonb))";
}

std::string contains(Engine engine, const std::string& haystack, const std::string& needle) {
  if (engine == Engine::sqlite) return "instr(" + haystack + ", " + needle + ") > 0";
  return "strpos(" + haystack + ", " + needle + ") > 0";
}

namespace {

// LIKE ignores ASCII case in SQLite only: both sides are lowered so both engines match alike.

// SQLite keeps JSON as text and reads it with json_each/json_extract; the words go through FTS5
// (migration 0005: messages_fts).
std::string sqlite_search_filter(bool words) {
  auto has = [](const char* kind, const std::string& condition) {
    return std::string(" AND (NOT EXISTS (SELECT 1 FROM json_each(?7) WHERE value = '") + kind + "') OR " +
           condition + ")";
  };
  auto attachment_type = [](const char* prefix) {
    return std::string(
               "EXISTS (SELECT 1 FROM json_each(m.attachments) a WHERE "
               "lower(json_extract(a.value, '$.content_type')) LIKE '") +
           prefix + "%')";
  };
  return "m.channel_id IN (SELECT value FROM json_each(?2)) AND m.visible_to IS NULL "
         "AND (?3 = '[]' OR m.author_id IN (SELECT value FROM json_each(?3))) "
         "AND (?4 = '[]' OR EXISTS (SELECT 1 FROM json_each(m.mentions) WHERE value IN "
         "(SELECT value FROM json_each(?4))))" +
         has("file", "json_array_length(m.attachments) > 0") +
         has("embed", "json_array_length(m.embeds) > 0") +
         has("sticker", "json_array_length(m.sticker_items) > 0") +
         has("link", "lower(m.content) LIKE '%http://%' OR lower(m.content) LIKE '%https://%'") +
         has("image", attachment_type("image/")) + has("video", attachment_type("video/")) +
         has("sound", attachment_type("audio/")) +
         (words ? " AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1)"
                : " AND ?1 IS NULL");
}

// PostgreSQL keeps the same JSON text and casts it to jsonb to look inside; the words are matched
// by text search over the expression index of migration 0005 (the 'simple' configuration: words
// lowercased, no stemming, as FTS5's default tokenizer).
std::string postgres_search_filter(bool words) {
  auto elements = [](const std::string& json) {
    return "jsonb_array_elements_text(CAST(" + json + " AS jsonb))";
  };
  auto has = [&](const char* kind, const std::string& condition) {
    return " AND (NOT EXISTS (SELECT 1 FROM " + elements("?7") + " WHERE value = '" + kind + "') OR " +
           condition + ")";
  };
  auto length = [](const char* column) {
    return std::string("jsonb_array_length(CAST(") + column + " AS jsonb)) > 0";
  };
  auto attachment_type = [](const char* prefix) {
    return std::string(
               "EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(m.attachments AS jsonb)) a WHERE "
               "lower(a.value ->> 'content_type') LIKE '") +
           prefix + "%')";
  };
  return "m.channel_id IN (SELECT CAST(value AS BIGINT) FROM " + elements("?2") +
         ") AND m.visible_to IS NULL "
         "AND (?3 = '[]' OR m.author_id IN (SELECT CAST(value AS BIGINT) FROM " +
         elements("?3") +
         ")) "
         "AND (?4 = '[]' OR EXISTS (SELECT 1 FROM " +
         elements("m.mentions") + " WHERE value IN (SELECT value FROM " + elements("?4") + ")))" +
         has("file", length("m.attachments")) + has("embed", length("m.embeds")) +
         has("sticker", length("m.sticker_items")) +
         has("link", "lower(m.content) LIKE '%http://%' OR lower(m.content) LIKE '%https://%'") +
         has("image", attachment_type("image/")) + has("video", attachment_type("video/")) +
         has("sound", attachment_type("audio/")) +
         (words ? " AND to_tsvector('simple', m.content) @@ plainto_tsquery('simple', ?1)"
                : " AND CAST(?1 AS TEXT) IS NULL");
}

// Each word becomes a quoted FTS5 string, so user input can never be read as query syntax.
std::string fts5_query(const std::string& text) {
  std::string query;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!query.empty()) query += ' ';
    query += '"';
    for (char c : word) query += c == '"' ? std::string("\"\"") : std::string(1, c);
    query += '"';
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return query;
}

}  // namespace

const std::string& message_search_filter(Engine engine, bool words) {
  // Built once: the text must stay the same for the cached statement to be reused.
  static const std::string filters[2][2] = {{sqlite_search_filter(false), sqlite_search_filter(true)},
                                            {postgres_search_filter(false), postgres_search_filter(true)}};
  return filters[engine == Engine::sqlite ? 0 : 1][words ? 1 : 0];
}

std::string search_words(Engine engine, const std::string& content) {
  if (engine == Engine::sqlite) return fts5_query(content);
  // plainto_tsquery reads plain words (no operators), so the text goes as typed; only whitespace
  // decides whether there is anything to search for.
  return content.find_first_not_of(" \t\n") == std::string::npos ? std::string() : content;
}

}  // namespace accord::store::dialect
