#pragma once

#include <string>
#include <vector>

#include "store/migration.hpp"
#include "store/sql/sql_connection.hpp"

// The SQL that cannot be written once for both engines, chosen here and only here. Everything else
// in the store is portable SQL: ON CONFLICT upserts, COALESCE, CASE, IS [NOT] DISTINCT FROM, and a
// CAST on a parameter whose type nothing else in its query gives (PostgreSQL infers the types of
// parameters sent as text from the SQL around them).
namespace accord::store::dialect {

// The numbered schema steps of this engine (src/store/migrations/<engine>/).
const std::vector<Migration>& migrations(Engine engine);

// The table that records which migrations ran.
std::string create_migrations_table(Engine engine);

// A subquery of the ids in parameter ?N, bound as a JSON array of numbers (ids_to_json_numbers), so
// a list of any length is one parameter and the SQL text, hence the cached statement, stays fixed.
std::string id_list(Engine engine, int parameter);

// true when needle occurs in haystack (both SQL expressions), case as given.
std::string contains(Engine engine, const std::string& haystack, const std::string& needle);

// The WHERE clause of a message search over "messages m", with or without words to match.
// Parameters: ?1 the words (see search_words; NULL when there are none), ?2 channel ids and ?3 author ids as
// JSON arrays of numbers, ?4 mentioned ids as a JSON array of strings, ?7 the kinds of content required
// ("has") as a JSON array of strings.
const std::string& message_search_filter(Engine engine, bool words);

// The words searched for, as ?1 of message_search_filter wants them; empty when there are none.
std::string search_words(Engine engine, const std::string& content);

}  // namespace accord::store::dialect
