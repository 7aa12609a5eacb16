#include <gtest/gtest.h>

#include <filesystem>

#include "auth/token.hpp"
#include "cdn/filesystem_blob_store.hpp"
#include "events/local_event_bus.hpp"
#include "services/threads.hpp"
#include "store/sql/open_sql_store.hpp"

namespace accord {
namespace {

class ManualClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return now; }
  std::int64_t now = 1'700'000'000'000;
};

// A guild with #general and one thread in it, on an in-memory instance whose clock the test moves.
class ThreadArchivingTest : public testing::Test {
 protected:
  ThreadArchivingTest()
      : store(store::sqlite_connections(":memory:", "normal", 1)),
        ids(0, clock),
        tokens(TokenSigner::generate_secret()),
        context{config, store, bus, ids, clock, tokens},
        access(context),
        audit_log(context, access),
        media(context, blobs),
        auto_moderation(context, access, audit_log),
        messages(context, access, media, audit_log, auto_moderation),
        threads(context, access, messages) {
    store.migrate();
    User owner_user;
    owner_user.id = 7;
    owner_user.username = "owner";
    owner_user.created_at_ms = clock.now;
    store.create_user(owner_user, "unused hash");
    Guild guild;
    guild.id = 1;
    guild.name = "Guild";
    guild.owner_id = 7;
    Channel general;
    general.id = 2;
    general.guild_id = 1;
    general.name = "general";
    Member owner;
    owner.guild_id = 1;
    owner.user_id = 7;
    store.create_guild(guild, {}, {general}, owner);

    Channel thread;
    thread.id = 3;
    thread.guild_id = 1;
    thread.parent_id = 2;
    thread.type = ChannelType::public_thread;
    thread.name = "a thread";
    ThreadMetadata metadata;
    metadata.owner_id = 7;
    metadata.auto_archive_duration = 60;
    metadata.created_at_ms = clock.now;
    metadata.archived_at_ms = clock.now;
    thread.thread = metadata;
    store.save_channel(thread);
  }

  bool archived() { return store.find_channel(3)->thread->archived; }

  LiveConfig config{Config{}};
  store::SqlStore store;
  ManualClock clock;
  SnowflakeGenerator ids;
  LocalEventBus bus;
  TokenSigner tokens;
  ServiceContext context;
  Access access;
  AuditLog audit_log;
  cdn::FilesystemBlobStore blobs{std::filesystem::temp_directory_path() / "accord-thread-test-unused"};
  MediaService media;
  AutoModerationService auto_moderation;
  MessageService messages;
  ThreadService threads;
};

TEST_F(ThreadArchivingTest, AThreadSilentForItsDurationIsArchived) {
  clock.now += 59 * 60'000;
  EXPECT_EQ(threads.archive_inactive(), 0u);
  EXPECT_FALSE(archived());
  clock.now += 60'000;
  EXPECT_EQ(threads.archive_inactive(), 1u);
  EXPECT_TRUE(archived());
  EXPECT_EQ(threads.archive_inactive(), 0u) << "an archived thread is left alone";
}

TEST_F(ThreadArchivingTest, ANewMessageStartsTheSilenceAgain) {
  clock.now += 50 * 60'000;
  Message message;
  message.id = ids.next();
  message.channel_id = 3;
  message.guild_id = 1;
  message.author_id = 7;
  message.content = "still talking";
  store.create_message(message);
  clock.now += 30 * 60'000;
  EXPECT_EQ(threads.archive_inactive(), 0u);
  clock.now += 30 * 60'000;
  EXPECT_EQ(threads.archive_inactive(), 1u);
}

}  // namespace
}  // namespace accord
