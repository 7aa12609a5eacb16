#include "store/postgres/postgres_connection.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>

namespace accord::store {
namespace {

// Talks to the cluster ACCORD_TEST_POSTGRES_URL names (scripts/postgres start), in its own
// database; skipped without it.
class PostgresConnectionTest : public testing::Test {
 protected:
  void SetUp() override {
    const char* server = std::getenv("ACCORD_TEST_POSTGRES_URL");
    if (!server || !*server) GTEST_SKIP() << "ACCORD_TEST_POSTGRES_URL is not set (scripts/postgres start)";
    static std::atomic<int> counter{0};
    database = "accord_connection_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin = std::make_unique<PostgresConnection>(server);
    admin->execute("CREATE DATABASE " + database);
    const std::string base(server);
    url = base.substr(0, base.find('/', base.find("://") + 3)) + "/" + database;
    db = std::make_unique<PostgresConnection>(url);
    db->execute("CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT, count BIGINT)");
  }

  void TearDown() override {
    db.reset();
    if (admin) admin->execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  std::string database;
  std::string url;
  std::unique_ptr<PostgresConnection> admin;
  std::unique_ptr<PostgresConnection> db;
};

TEST_F(PostgresConnectionTest, NumberedParametersKeepTheirMeaningWhateverTheirOrder) {
  // ?2 before ?1, ?1 twice, ?3 never used: the server sees $1, $2 in order of first use.
  db->prepare("INSERT INTO things (name, id, count) VALUES (?2, ?1, ?1)")
      .bind(1, std::int64_t{7})
      .bind(2, "seven")
      .bind(3, "unused")
      .run();
  EXPECT_EQ(db->changes(), 1);
  auto row = db->prepare("SELECT id, name, count, name IS NULL FROM things WHERE id = ?1 AND '?2' = '?2'");
  ASSERT_TRUE(row.bind(1, std::int64_t{7}).step());
  EXPECT_EQ(row.int64(0), 7);
  EXPECT_EQ(row.text(1), "seven");
  EXPECT_EQ(row.int64(2), 7);
  EXPECT_FALSE(row.boolean(3));  // a boolean expression reads as 0/1 like a stored flag
  EXPECT_FALSE(row.step());
}

TEST_F(PostgresConnectionTest, NullsAndSnowflakesRoundTrip) {
  const std::int64_t big = 1'234'567'890'123'456'789LL;
  db->prepare("INSERT INTO things (id, name, count) VALUES (?1, ?2, ?3)")
      .bind(1, big)
      .bind(2, std::nullopt)
      .bind(3, std::optional<std::int64_t>(-5))
      .run();
  auto row = db->prepare("SELECT id, name, count FROM things");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.int64(0), big);
  EXPECT_EQ(row.optional_text(1), std::nullopt);
  EXPECT_EQ(row.optional_int64(2), -5);
}

TEST_F(PostgresConnectionTest, ADuplicateKeyIsAUniqueViolationAndOtherErrorsAreNot) {
  auto insert = [&] { db->prepare("INSERT INTO things (id) VALUES (?1)").bind(1, std::int64_t{1}).run(); };
  insert();
  try {
    insert();
    FAIL() << "the second insert succeeded";
  } catch (const DatabaseError& error) {
    EXPECT_TRUE(error.unique_violation()) << error.what();
  }
  try {
    db->execute("SELECT no_such_column FROM things");
    FAIL() << "a bad query succeeded";
  } catch (const DatabaseError& error) {
    EXPECT_FALSE(error.unique_violation()) << error.what();
  }
}

TEST_F(PostgresConnectionTest, CountsTheRowsAStatementChanged) {
  for (std::int64_t id : {1, 2, 3}) db->prepare("INSERT INTO things (id) VALUES (?1)").bind(1, id).run();
  db->prepare("UPDATE things SET count = 1 WHERE id > ?1").bind(1, std::int64_t{1}).run();
  EXPECT_EQ(db->changes(), 2);
  db->prepare("INSERT INTO things (id) VALUES (?1) ON CONFLICT DO NOTHING").bind(1, std::int64_t{1}).run();
  EXPECT_EQ(db->changes(), 0);
}

TEST_F(PostgresConnectionTest, WriteTransactionsRunOneAtATime) {
  // Two connections stand for two nodes: while one holds a write transaction the other cannot begin
  // one, as SQLite's single writer would make it wait.
  PostgresConnection other(url);
  other.execute("SET lock_timeout = '200ms'");
  {
    Transaction first(*db);
    EXPECT_THROW(other.begin(), DatabaseError);
    first.commit();
  }
  Transaction second(other);  // the lock went with the commit
  second.commit();
  // A rolled back transaction releases it too, and a failed begin() left no transaction open.
  { Transaction third(*db); }
  other.begin();
  other.rollback();
}

TEST_F(PostgresConnectionTest, AFailedStatementRollsItsTransactionBack) {
  {
    Transaction transaction(*db);
    db->prepare("INSERT INTO things (id) VALUES (?1)").bind(1, std::int64_t{1}).run();
    EXPECT_THROW(db->prepare("INSERT INTO things (id) VALUES (?1)").bind(1, std::int64_t{1}).run(),
                 DatabaseError);
  }
  auto count = db->prepare("SELECT count(*) FROM things");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 0);
}

}  // namespace
}  // namespace accord::store
