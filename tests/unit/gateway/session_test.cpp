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

// In a cluster, events come numbered by the shared log; another node takes the session over from the
// client's last sequence, reading the log while live events already arrive.
TEST_F(SessionTest, ASessionTakenOverFromAnotherNodeGetsEachMissedEventOnceInLogOrder) {
  auto logged = [](std::uint64_t position, Snowflake user_id, const char* name) {
    Event event{"USER_UPDATE", boost::json::object{{"id", to_string(user_id)}, {"name", name}},
                Audience::user(user_id)};
    event.log_position = position;
    return std::make_shared<const Event>(std::move(event));
  };
  const std::int64_t client_seq = (std::int64_t{5} << Session::log_shift) + 2;  // read through position 5
  session->begin_at(client_seq);
  session->attach(sink(), std::nullopt);
  session->start({});
  bus.publish(Event(*logged(7, 42, "seven")));  // live, while the log is being read
  session->replay_from_log({logged(6, 42, "six"), logged(7, 42, "seven"), logged(8, 43, "someone else's")});
  session->release_held_events();
  session->dispatch("RESUMED", "{}");
  bus.publish(Event(*logged(9, 42, "nine")));

  ASSERT_EQ(received.size(), 4u);
  EXPECT_NE(received[0].find("six"), std::string::npos);
  EXPECT_EQ(seq_of(received[0]), std::int64_t{6} << Session::log_shift);
  EXPECT_NE(received[1].find("seven"), std::string::npos);
  EXPECT_EQ(seq_of(received[1]), std::int64_t{7} << Session::log_shift);
  EXPECT_NE(received[2].find("RESUMED"), std::string::npos);
  EXPECT_EQ(seq_of(received[2]), (std::int64_t{7} << Session::log_shift) + 1);
  EXPECT_NE(received[3].find("nine"), std::string::npos);
  EXPECT_EQ(Session::log_position_of(seq_of(received[3])), 9u);
  EXPECT_FALSE(session->attach(sink(), client_seq - 1))
      << "nothing before the take-over can be replayed here";
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
