#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace accord::store {
namespace {

class SqliteStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("accord_store_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = std::make_unique<SqliteStore>((dir / "accord.db").string(), "normal", 2);
    store->migrate();
  }
  void TearDown() override {
    store.reset();
    std::filesystem::remove_all(dir);
  }

  User user(Snowflake id, std::string name) {
    User u;
    u.id = id;
    u.username = std::move(name);
    u.created_at_ms = 1700000000000;
    return u;
  }

  std::filesystem::path dir;
  std::unique_ptr<SqliteStore> store;
};

TEST_F(SqliteStoreTest, MigratesOnceOnly) {
  EXPECT_EQ(store->migrate(), 0);
}

TEST_F(SqliteStoreTest, KeepsWhatItWasGivenAcrossReopening) {
  auto alice = user(10, "alice");
  alice.email = "alice@example.org";
  alice.global_name = "Alice";
  store->create_user(alice, "hash");
  store.reset();
  store = std::make_unique<SqliteStore>((dir / "accord.db").string(), "normal", 1);
  const auto found = store->find_user(10);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "alice");
  EXPECT_EQ(found->global_name, "Alice");
  EXPECT_EQ(found->email, "alice@example.org");
  EXPECT_EQ(store->password_hash(10), "hash");
}

TEST_F(SqliteStoreTest, FindsPeopleByUsernameOrEmailButNeverBots) {
  auto alice = user(10, "alice");
  alice.email = "Alice@Example.org";
  store->create_user(alice, "hash");
  auto bot = user(11, "botty");
  bot.bot = true;
  bot.discriminator = "1234";
  store->create_user(bot, "");
  EXPECT_EQ(store->find_user_by_login("ALICE")->id, 10u);
  EXPECT_EQ(store->find_user_by_login("alice@example.org")->id, 10u);
  EXPECT_FALSE(store->find_user_by_login("botty"));
}

TEST_F(SqliteStoreTest, RefusesASecondUserWithTheSameTag) {
  store->create_user(user(10, "alice"), "hash");
  EXPECT_THROW(store->create_user(user(11, "ALICE"), "hash"), UniqueViolation);
  EXPECT_TRUE(store->username_taken("Alice", "0", std::nullopt));
  EXPECT_FALSE(store->username_taken("alice", "0", 10));
}

TEST_F(SqliteStoreTest, SessionsEndOneByOneOrAllTogether) {
  store->create_user(user(10, "alice"), "hash");
  for (Snowflake id : {100, 101, 102}) store->create_session({id, 10, 0, "test"});
  store->delete_session(100);
  EXPECT_FALSE(store->find_session(100));
  EXPECT_TRUE(store->find_session(101));
  store->delete_user_sessions(10);
  EXPECT_FALSE(store->find_session(102));
}

TEST_F(SqliteStoreTest, LinksABotUserToItsApplication) {
  store->create_user(user(10, "alice"), "hash");
  Application application;
  application.id = 20;
  application.owner_id = 10;
  application.name = "Helper";
  application.verify_key = "ab";
  application.signing_key = "cd";
  store->create_application(application);
  auto bot = user(20, "Helper");
  bot.bot = true;
  bot.discriminator = "4321";
  store->create_bot_user(application, bot);
  EXPECT_EQ(store->find_application(20)->bot_user_id, 20u);
  EXPECT_EQ(store->find_application_by_bot(20)->name, "Helper");
  EXPECT_EQ(store->list_applications(10).size(), 1u);
}

}  // namespace
}  // namespace accord::store
