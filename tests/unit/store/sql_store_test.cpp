#include "store/sql/sql_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "store/postgres/postgres_connection.hpp"
#include "store/sql/open_sql_store.hpp"

namespace accord::store {
namespace {

// postgres://user@host:port/postgres with another database name in place of the last one.
std::string with_database(const std::string& url, const std::string& database) {
  const auto slash = url.find('/', url.find("://") + 3);
  const auto query = url.find('?');
  std::string result = slash == std::string::npos ? url : url.substr(0, slash);
  result += '/' + database;
  if (query != std::string::npos) result += url.substr(query);
  return result;
}

// Every case runs on SQLite (a file in a fresh directory) and on PostgreSQL (a fresh database in
// the cluster ACCORD_TEST_POSTGRES_URL names, e.g. from scripts/postgres; skipped without it).
class SqlStoreTest : public testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    if (GetParam() == Engine::postgres) {
      const char* server = std::getenv("ACCORD_TEST_POSTGRES_URL");
      if (!server || !*server) GTEST_SKIP() << "ACCORD_TEST_POSTGRES_URL is not set (scripts/postgres start)";
      static std::atomic<int> counter{0};
      database = "accord_unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
      admin = std::make_unique<PostgresConnection>(server);
      admin->execute("CREATE DATABASE " + database);
      url = with_database(server, database);
    } else {
      dir = std::filesystem::temp_directory_path() /
            ("accord_store_test_" + std::to_string(::getpid()) + "_" + info->name());
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
    }
    store = open(2);
    store->migrate();
  }

  void TearDown() override {
    store.reset();
    if (admin) admin->execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }

  std::unique_ptr<SqlStore> open(std::size_t connections) {
    return open_sql_store(url, (dir / "accord.db").string(), "normal", connections);
  }

  User user(Snowflake id, std::string name) {
    User u;
    u.id = id;
    u.username = std::move(name);
    u.created_at_ms = 1700000000000;
    return u;
  }

  // A guild owned by user 10 with text channel 200.
  void guild_with_channel() {
    store->create_user(user(10, "alice"), "hash");
    Guild guild;
    guild.id = 100;
    guild.name = "Home";
    guild.owner_id = 10;
    Role everyone;
    everyone.id = 100;
    everyone.guild_id = 100;
    everyone.name = "@everyone";
    Channel channel;
    channel.id = 200;
    channel.guild_id = 100;
    channel.name = "general";
    Member owner;
    owner.guild_id = 100;
    owner.user_id = 10;
    store->create_guild(guild, {everyone}, {channel}, owner);
  }

  Message message(Snowflake id, std::string content) {
    Message m;
    m.id = id;
    m.channel_id = 200;
    m.guild_id = 100;
    m.author_id = 10;
    m.content = std::move(content);
    return m;
  }

  std::filesystem::path dir;
  std::string url;       // empty for SQLite
  std::string database;  // PostgreSQL: this test's own database
  std::unique_ptr<PostgresConnection> admin;
  std::unique_ptr<SqlStore> store;
};

TEST_P(SqlStoreTest, MigratesOnceOnly) {
  EXPECT_EQ(store->migrate(), 0);
}

TEST_P(SqlStoreTest, KeepsWhatItWasGivenAcrossReopening) {
  auto alice = user(10, "alice");
  alice.email = "alice@example.org";
  alice.global_name = "Alice";
  store->create_user(alice, "hash");
  store.reset();
  store = open(1);
  const auto found = store->find_user(10);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "alice");
  EXPECT_EQ(found->global_name, "Alice");
  EXPECT_EQ(found->email, "alice@example.org");
  EXPECT_EQ(store->password_hash(10), "hash");
}

TEST_P(SqlStoreTest, NodesStartingTogetherAgreeOnTheFirstSecretStored) {
  auto other_node = open(1);
  EXPECT_EQ(store->first_instance_value("token_secret", "first"), "first");
  EXPECT_EQ(other_node->first_instance_value("token_secret", "second"), "first");
  EXPECT_EQ(store->instance_value("token_secret"), "first");
}

TEST_P(SqlStoreTest, AVoiceCallStaysOnTheNodeThatHostsItWhileThatNodeIsAlive) {
  auto node_b = open(1);
  store->record_voice_node(1, "a.example:4000", 10'000);
  node_b->record_voice_node(2, "b.example:4000", 10'000);
  // The first member's node hosts the call; a member whose gateway is on B is sent there too.
  EXPECT_EQ(store->place_voice_channel(500, 1, 0), "a.example:4000");
  EXPECT_EQ(node_b->place_voice_channel(500, 2, 0), "a.example:4000");
  EXPECT_EQ(node_b->place_voice_channel(501, 2, 0), "b.example:4000") << "another channel, another host";
  // A stops saying it is alive: a later join moves the call to the joiner's node, and it stays there.
  node_b->record_voice_node(2, "b.example:4000", 30'000);
  EXPECT_EQ(node_b->place_voice_channel(500, 2, 15'000), "b.example:4000");
  store->record_voice_node(1, "a.example:4000", 31'000);
  EXPECT_EQ(store->place_voice_channel(500, 1, 16'000), "b.example:4000");
  // A node that stops cleanly is forgotten at once.
  node_b->forget_voice_node(2);
  EXPECT_EQ(store->place_voice_channel(500, 1, 16'000), "a.example:4000");
  // One that goes silent is claimed by the first node to look, and by no other.
  node_b->record_voice_node(2, "b.example:4000", 32'000);
  EXPECT_EQ(store->claim_silent_voice_nodes(40'000), std::vector<std::int64_t>({1, 2}));
  EXPECT_TRUE(node_b->claim_silent_voice_nodes(40'000).empty());
}

TEST_P(SqlStoreTest, FindsPeopleByUsernameOrEmailButNeverBots) {
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

TEST_P(SqlStoreTest, RefusesASecondUserWithTheSameTag) {
  store->create_user(user(10, "alice"), "hash");
  EXPECT_THROW(store->create_user(user(11, "ALICE"), "hash"), UniqueViolation);
  EXPECT_TRUE(store->username_taken("Alice", "0", std::nullopt));
  EXPECT_FALSE(store->username_taken("alice", "0", 10));
}

TEST_P(SqlStoreTest, SessionsEndOneByOneOrAllTogether) {
  store->create_user(user(10, "alice"), "hash");
  for (Snowflake id : {100, 101, 102}) store->create_session({id, 10, 0, "test"});
  store->delete_session(100);
  EXPECT_FALSE(store->find_session(100));
  EXPECT_TRUE(store->find_session(101));
  store->delete_user_sessions(10);
  EXPECT_FALSE(store->find_session(102));
}

TEST_P(SqlStoreTest, LinksABotUserToItsApplication) {
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

TEST_P(SqlStoreTest, FindsUsersInTheOrderAskedWithSnowflakeSizedIds) {
  // Real snowflakes need all 63 bits: a 32-bit column or a float on the way would lose them.
  const Snowflake big = 1'234'567'890'123'456'789ULL;
  store->create_user(user(big, "alice"), "hash");
  store->create_user(user(12, "bob"), "hash");
  const auto users = store->find_users({12, 999, big});
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].id, 12u);
  EXPECT_EQ(users[1].id, big);
  EXPECT_EQ(store->list_users("ALI", 0, 10).size(), 1u);
  EXPECT_EQ(store->list_users(std::to_string(big), 0, 10).size(), 1u);
}

TEST_P(SqlStoreTest, CountsReactionsOncePerUserAndKnowsMine) {
  guild_with_channel();
  store->create_message(message(300, "hi"));
  store->create_message(message(301, "there"));
  EXPECT_TRUE(store->add_reaction(300, "👍", 10, 1));
  EXPECT_FALSE(store->add_reaction(300, "👍", 10, 2));  // already there: nothing changed
  EXPECT_TRUE(store->add_reaction(300, "👍", 11, 3));
  EXPECT_TRUE(store->add_reaction(301, "🎉", 11, 4));
  const auto counts = store->reaction_counts({300, 301}, 10);
  ASSERT_EQ(counts.at(300).size(), 1u);
  EXPECT_EQ(counts.at(300)[0].count, 2);
  EXPECT_TRUE(counts.at(300)[0].me);
  EXPECT_FALSE(counts.at(301)[0].me);
  EXPECT_TRUE(store->remove_reaction(300, "👍", 11));
  EXPECT_FALSE(store->remove_reaction(300, "👍", 11));
  store->remove_reactions(301, std::nullopt);
  EXPECT_TRUE(store->reaction_counts(301, 10).empty());
}

TEST_P(SqlStoreTest, SearchesWordsAndWhatMessagesHave) {
  guild_with_channel();
  store->create_message(message(300, "The quick brown fox"));
  auto link = message(301, "see HTTPS://example.org for the fox");
  store->create_message(link);
  store->create_message(message(302, "nothing here"));
  MessageSearch search;
  search.channel_ids = {200};
  search.content = "FOX";
  auto found = store->search_messages(search);
  ASSERT_EQ(found.total, 2);
  EXPECT_EQ(found.messages[0].id, 301u);  // newest first
  search.has = {"link"};
  EXPECT_EQ(store->search_messages(search).total, 1);
  search.content = "fox quick";
  EXPECT_EQ(store->search_messages(search).total, 0);
  search.has.clear();
  EXPECT_EQ(store->search_messages(search).total, 1);
  search.content.clear();
  search.author_ids = {10};
  EXPECT_EQ(store->search_messages(search).total, 3);
  search.author_ids = {11};
  EXPECT_EQ(store->search_messages(search).total, 0);
}

TEST_P(SqlStoreTest, ChannelLastMessageOnlyMovesForward) {
  guild_with_channel();
  store->create_message(message(305, "later"));
  store->create_message(message(301, "committed after, minted before"));
  EXPECT_EQ(store->find_channel(200)->last_message_id, 305u);
}

TEST_P(SqlStoreTest, KeepsOverwritesInTheOrderGiven) {
  guild_with_channel();
  auto channel = *store->find_channel(200);
  channel.overwrites = {{900, 1, 1, 0}, {100, 0, 0, 2}, {500, 0, 4, 0}};
  store->save_channel(channel);
  const auto saved = store->find_channel(200)->overwrites;
  ASSERT_EQ(saved.size(), 3u);
  EXPECT_EQ(saved[0].id, 900u);
  EXPECT_EQ(saved[1].id, 100u);
  EXPECT_EQ(saved[2].id, 500u);
}

TEST_P(SqlStoreTest, PagesTheAuditLogBothWays) {
  guild_with_channel();
  for (Snowflake id : {401, 402, 403}) {
    AuditLogEntry entry;
    entry.id = id;
    entry.guild_id = 100;
    entry.user_id = 10;
    entry.action_type = id == 402 ? 20 : 10;
    store->add_audit_entry(entry);
  }
  AuditLogQuery query;
  query.guild_id = 100;
  auto all = store->list_audit_entries(query);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, 403u);
  query.action_type = 10;
  EXPECT_EQ(store->list_audit_entries(query).size(), 2u);
  query.action_type.reset();
  query.before = 403;
  EXPECT_EQ(store->list_audit_entries(query).size(), 2u);
}

TEST_P(SqlStoreTest, UpdatesAScheduledEventInPlace) {
  guild_with_channel();
  ScheduledEvent event;
  event.id = 600;
  event.guild_id = 100;
  event.name = "Launch";
  event.scheduled_start_ms = 1;
  event.location = "here";
  store->save_scheduled_event(event);
  EXPECT_TRUE(store->add_event_user(600, 10));
  EXPECT_FALSE(store->add_event_user(600, 10));
  event.name = "Launch party";
  store->save_scheduled_event(event);
  EXPECT_EQ(store->find_scheduled_event(600)->name, "Launch party");
  EXPECT_EQ(store->count_event_users(600), 1);
  EXPECT_EQ(store->list_event_users(600, 0, std::nullopt, 10).size(), 1u);
  EXPECT_EQ(store->list_event_users(600, 0, Snowflake{5}, 10).size(), 0u);
}

TEST_P(SqlStoreTest, ReconnectsAfterTheServerDroppedItsConnections) {
  if (GetParam() != Engine::postgres) GTEST_SKIP() << "an SQLite connection is a file: it cannot drop";
  store->create_user(user(10, "alice"), "hash");
  // As a PostgreSQL restart or failover would: every session of this database ends.
  admin->execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
  // The call that meets the closed connection fails; the connection is made again for the next.
  for (int i = 0; i < 2; ++i) {
    try {
      store->find_user(10);
    } catch (const DatabaseError&) {
    }
  }
  const auto found = store->find_user(10);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "alice");
  store->create_user(user(11, "bob"), "hash");  // statements are prepared again on the new session
  EXPECT_TRUE(store->find_user(11));
}

INSTANTIATE_TEST_SUITE_P(Engines, SqlStoreTest, testing::Values(Engine::sqlite, Engine::postgres),
                         [](const testing::TestParamInfo<Engine>& engine) {
                           return engine.param == Engine::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace accord::store
