#include "gateway/session.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "auth/token.hpp"
#include "cdn/filesystem_blob_store.hpp"
#include "events/local_event_bus.hpp"
#include "store/sql/open_sql_store.hpp"

namespace accord::gateway {
namespace {

// A session over an empty in-memory instance: enough for numbering, holding and replaying frames.
class SessionTest : public testing::Test {
 protected:
  SessionTest()
      : store(store::sqlite_connections(":memory:", "normal", 1)),
        ids(0, clock),
        tokens(TokenSigner::generate_secret()),
        context{config, store, bus, ids, clock, tokens},
        access(context),
        audit_log(context, access),
        presence(context),
        voice(context, access),
        media(context, blobs),
        guilds(context, access, presence, voice, media, audit_log) {
    store.migrate();
    Session::Identity identity;
    identity.user.id = 42;
    identity.session_id = "abc";
    session = std::make_shared<Session>(identity, bus, guilds, access, 3);
  }

  std::vector<std::string> received;
  Session::Sink sink() {
    return [this](Frame frame) {
      received.push_back(frame == Session::superseded_frame() ? "superseded" : frame->joined());
    };
  }
  static std::int64_t seq_of(const std::string& frame) {
    return boost::json::parse(frame).at("s").as_int64();
  }

  LiveConfig config{Config{}};
  store::SqlStore store;
  SystemClock clock;
  SnowflakeGenerator ids;
  LocalEventBus bus;
  TokenSigner tokens;
  ServiceContext context;
  Access access;
  AuditLog audit_log;
  PresenceService presence;
  VoiceStateService voice;
  // Never written to: sessions read guilds, they do not upload.
  cdn::FilesystemBlobStore blobs{std::filesystem::temp_directory_path() / "accord-session-test-unused"};
  MediaService media;
  GuildService guilds;
  std::shared_ptr<Session> session;
};

TEST_F(SessionTest, EventsWaitUntilReadyHasGone) {
  session->attach(sink(), std::nullopt);
  session->start({});
  bus.publish({"USER_UPDATE", boost::json::object{{"id", "42"}}, Audience::user(42)});
  EXPECT_TRUE(received.empty()) << "nothing may precede READY";
  session->dispatch("READY", "{}");
  session->release_held_events();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_NE(received[0].find(R"("t":"READY")"), std::string::npos);
  EXPECT_EQ(seq_of(received[0]), 1);
  EXPECT_NE(received[1].find(R"("t":"USER_UPDATE")"), std::string::npos);
  EXPECT_EQ(seq_of(received[1]), 2);
  session->stop();
}

TEST_F(SessionTest, ResumeReplaysWhatWasMissedInOrder) {
  session->attach(sink(), std::nullopt);
  for (int i = 0; i < 3; ++i) session->dispatch("TICK", "{}");
  session->detach(session->attachment(), 1);
  session->dispatch("TICK", "{}");  // sent while away
  received.clear();
  ASSERT_TRUE(session->attach(sink(), 2));
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(seq_of(received[0]), 3);
  EXPECT_EQ(seq_of(received[1]), 4);
}

TEST_F(SessionTest, ResumeFailsOnceTheReplayBufferHasMovedOn) {
  session->attach(sink(), std::nullopt);
  for (int i = 0; i < 5; ++i) session->dispatch("TICK", "{}");  // the buffer keeps 3
  session->detach(session->attachment(), 1);
  EXPECT_FALSE(session->attach(sink(), 1)) << "frames 2 and 3 are gone";
  EXPECT_FALSE(session->attach(sink(), 9)) << "a seq never sent";
  EXPECT_TRUE(session->attach(sink(), 2));
}

TEST_F(SessionTest, WhatAHeartbeatAcknowledgedIsNeverReplayedAgain) {
  session->attach(sink(), std::nullopt);
  for (int i = 0; i < 3; ++i) session->dispatch("TICK", "{}");
  session->acknowledge(2);
  session->acknowledge(99);  // never sent: ignored
  session->dispatch("TICK", "{}");
  session->detach(session->attachment(), 1);
  EXPECT_FALSE(session->attach(sink(), 1)) << "frame 2 left the buffer with the acknowledgement";
  received.clear();
  ASSERT_TRUE(session->attach(sink(), 2));
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(seq_of(received[0]), 3);
  EXPECT_EQ(seq_of(received[1]), 4);
}

TEST_F(SessionTest, ANewConnectionSupersedesTheOldOneWhichCanNoLongerDetachIt) {
  session->attach(sink(), std::nullopt);
  const auto old_attachment = session->attachment();
  session->dispatch("TICK", "{}");
  std::vector<std::string> fresh;
  ASSERT_TRUE(session->attach([&](Frame frame) { fresh.push_back(frame->joined()); }, 1));
  EXPECT_EQ(received.back(), "superseded");
  session->detach(old_attachment, 5);  // the old socket closes late
  EXPECT_TRUE(session->attached());
  session->dispatch("TICK", "{}");
  EXPECT_EQ(fresh.size(), 1u);
}

}  // namespace
}  // namespace accord::gateway
