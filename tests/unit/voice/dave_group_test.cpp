#include "voice/dave_group.hpp"

#include <gtest/gtest.h>

#include "mls_test_support.hpp"

namespace accord::voice {
namespace {

using mls::Bytes;
constexpr Snowflake channel = 555;
constexpr Snowflake alice = 1;
constexpr Snowflake bob = 2;
constexpr Snowflake carol = 3;

// Every message the group sends, per member, in order.
struct Sent {
  int op = 0;
  std::string json;
  Bytes payload;
  Sent(int op_, std::string json_, Bytes payload_)
      : op(op_), json(std::move(json_)), payload(std::move(payload_)) {}
};

class RecordingOutbox : public DaveOutbox {
 public:
  void send_json(Snowflake user_id, int op, const std::string& d_json) override {
    sent[user_id].emplace_back(op, d_json, Bytes{});
  }
  void send_binary(Snowflake user_id, int op, const Bytes& payload) override {
    sent[user_id].emplace_back(op, std::string(), payload);
  }
  std::vector<Sent> take(Snowflake user_id) { return std::exchange(sent[user_id], {}); }
  std::map<Snowflake, std::vector<Sent>> sent;
};

// The proposal references of the op 27 appends a member received.
std::vector<Bytes> proposal_refs(const std::vector<Sent>& messages) {
  std::vector<Bytes> refs;
  for (const auto& message : messages) {
    if (message.op != dave_op::proposals || message.payload.at(0) != 0) continue;
    mls::Reader reader(mls::ByteView(message.payload).subspan(1));
    mls::Reader list(reader.vector());
    const auto start = list.rest();
    list.u16();
    list.u16();
    list.vector();  // group id
    list.u64();
    list.u8();
    list.u32();
    list.vector();
    list.u8();
    const auto type = list.u16();
    if (type == mls::proposal_remove) {
      list.u32();
    } else {
      mls::parse_key_package(list.rest());  // the key package runs to the signature
    }
    refs.push_back(mls::proposal_ref(start));  // one message per append in this server
  }
  return refs;
}

int count(const std::vector<Sent>& messages, int op) {
  return static_cast<int>(
      std::count_if(messages.begin(), messages.end(), [op](const Sent& m) { return m.op == op; }));
}

class DaveGroupTest : public ::testing::Test {
 protected:
  void join(Snowflake user, int max_version = 1) {
    const int version = group.join(user, max_version, now);
    EXPECT_EQ(version, group.version());
    group.connected(user);
  }
  void send_key_package(Snowflake user) {
    ASSERT_TRUE(group.key_package(user, mls::testing::key_package(keys[user], user)));
  }

  mls::SigningKey server_key;
  std::map<Snowflake, mls::SigningKey> keys;
  RecordingOutbox outbox;
  DaveGroup group{channel, server_key, outbox, true};
  DaveGroup::Clock::time_point now = DaveGroup::Clock::now();
};

TEST_F(DaveGroupTest, TwoMembersBuildAGroupAndTheFirstCommitWins) {
  join(alice);
  EXPECT_EQ(group.version(), 1);
  auto to_alice = outbox.take(alice);
  ASSERT_EQ(to_alice.size(), 1u);
  EXPECT_EQ(to_alice[0].op, dave_op::external_sender);
  send_key_package(alice);
  EXPECT_TRUE(outbox.take(alice).empty());  // alone: nobody to add

  join(bob);
  send_key_package(bob);
  // Each pending member is asked to add the other.
  const auto alice_refs = proposal_refs(outbox.take(alice));
  const auto bob_refs = proposal_refs(outbox.take(bob));
  ASSERT_EQ(alice_refs.size(), 1u);
  ASSERT_EQ(bob_refs.size(), 1u);

  // Both commit from their own local groups (leaf 0, epoch 0); Alice's arrives first.
  const Bytes welcome = {0, 1, 0xaa};
  EXPECT_TRUE(group.commit_welcome(alice, mls::testing::commit(channel, 0, 0, alice_refs, welcome), now));
  EXPECT_FALSE(group.commit_welcome(bob, mls::testing::commit(channel, 0, 0, bob_refs, welcome), now));
  EXPECT_TRUE(group.established());
  EXPECT_EQ(group.epoch(), 1u);
  EXPECT_EQ(group.leaf_of(alice), 0u);
  EXPECT_EQ(group.leaf_of(bob), 1u);

  to_alice = outbox.take(alice);
  auto to_bob = outbox.take(bob);
  ASSERT_EQ(to_alice.size(), 1u);
  EXPECT_EQ(to_alice[0].op, dave_op::announce_commit);
  ASSERT_EQ(to_bob.size(), 1u);
  EXPECT_EQ(to_bob[0].op, dave_op::welcome);
  EXPECT_EQ(to_bob[0].payload, (Bytes{0, 1, 0, 1, 0xaa}));  // transition 1, then the Welcome
  EXPECT_EQ(to_alice[0].payload[1], 1);

  // Execute only when both are ready.
  group.transition_ready(alice, 1);
  EXPECT_TRUE(outbox.take(alice).empty());
  group.transition_ready(bob, 1);
  EXPECT_EQ(outbox.take(alice).at(0).json, R"({"transition_id":1})");
  EXPECT_EQ(outbox.take(bob).at(0).op, dave_op::execute_transition);
}

TEST_F(DaveGroupTest, ANewMemberIsAddedInTheNextEpochAndStaleCommitsAreDropped) {
  join(alice);
  send_key_package(alice);
  join(bob);
  send_key_package(bob);
  ASSERT_TRUE(group.commit_welcome(
      alice, mls::testing::commit(channel, 0, 0, proposal_refs(outbox.take(alice)), {9}), now));
  outbox.sent.clear();

  join(carol);
  send_key_package(carol);
  EXPECT_EQ(count(outbox.take(carol), dave_op::proposals), 0);  // a pending joiner of a group gets none
  const auto refs = proposal_refs(outbox.take(bob));
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(proposal_refs(outbox.take(alice)), refs);
  // A commit for the old epoch, one missing the proposal, one from the wrong leaf: all refused.
  EXPECT_FALSE(group.commit_welcome(bob, mls::testing::commit(channel, 0, 1, refs, {9}), now));
  EXPECT_FALSE(group.commit_welcome(bob, mls::testing::commit(channel, 1, 1, {Bytes(32, 7)}, {9}), now));
  EXPECT_FALSE(group.commit_welcome(bob, mls::testing::commit(channel, 1, 0, refs, {9}), now));
  EXPECT_FALSE(group.commit_welcome(bob, mls::testing::commit(channel, 1, 1, refs), now));  // no Welcome
  EXPECT_TRUE(group.commit_welcome(bob, mls::testing::commit(channel, 1, 1, refs, {9}), now));
  EXPECT_FALSE(group.commit_welcome(alice, mls::testing::commit(channel, 1, 0, refs, {9}), now));
  EXPECT_EQ(group.epoch(), 2u);
  EXPECT_EQ(group.leaf_of(carol), 2u);
  EXPECT_EQ(count(outbox.take(alice), dave_op::announce_commit), 1);
  EXPECT_EQ(count(outbox.take(bob), dave_op::announce_commit), 1);
  EXPECT_EQ(count(outbox.take(carol), dave_op::welcome), 1);

  // Nobody answers: the transition executes after the timeout.
  group.tick(now + DaveGroup::transition_timeout);
  EXPECT_EQ(count(outbox.take(carol), dave_op::execute_transition), 1);

  // Bob leaves: the others are asked to remove leaf 1; his leaf is reused by the next join.
  group.leave(bob);
  const auto remove_refs = proposal_refs(outbox.take(alice));
  ASSERT_EQ(remove_refs.size(), 1u);
  EXPECT_EQ(proposal_refs(outbox.take(carol)), remove_refs);
  EXPECT_TRUE(group.commit_welcome(carol, mls::testing::commit(channel, 2, 2, remove_refs), now));
  EXPECT_EQ(group.epoch(), 3u);
}

TEST_F(DaveGroupTest, KeyPackagesMustNameTheirOwnUserAndSpanAllTime) {
  join(alice);
  EXPECT_FALSE(group.key_package(alice, mls::testing::key_package(keys[alice], bob)));
  EXPECT_FALSE(group.key_package(alice, mls::testing::key_package(keys[alice], alice, 1000)));
  auto tampered = mls::testing::key_package(keys[alice], alice);
  tampered[10] ^= 1;
  EXPECT_FALSE(group.key_package(alice, tampered));
  EXPECT_TRUE(group.key_package(alice, mls::testing::key_package(keys[alice], alice)));
}

TEST_F(DaveGroupTest, AMemberWithoutDaveKeepsTheCallOnTransportEncryption) {
  join(alice);
  send_key_package(alice);
  outbox.sent.clear();
  EXPECT_EQ(group.join(bob, 0, now), 0);
  group.connected(bob);
  EXPECT_EQ(group.version(), 0);
  // Alice is told to drop to version 0 at the next execute; Bob hears nothing of DAVE.
  const auto to_alice = outbox.take(alice);
  ASSERT_EQ(to_alice.size(), 1u);
  EXPECT_EQ(to_alice[0].op, dave_op::prepare_transition);
  EXPECT_EQ(to_alice[0].json, R"({"protocol_version":0,"transition_id":1})");
  EXPECT_TRUE(outbox.take(bob).empty());
  group.transition_ready(alice, 1);
  EXPECT_EQ(count(outbox.take(alice), dave_op::execute_transition), 1);

  // When Bob leaves, Alice is asked to build a new group with DAVE again.
  group.leave(bob);
  EXPECT_EQ(group.version(), 1);
  const auto again = outbox.take(alice);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].json, R"({"protocol_version":1,"epoch":1})");
  EXPECT_EQ(again[1].op, dave_op::external_sender);
}

TEST_F(DaveGroupTest, TheSoleRemainingMemberStartsOver) {
  join(alice);
  send_key_package(alice);
  join(bob);
  send_key_package(bob);
  ASSERT_TRUE(group.commit_welcome(
      alice, mls::testing::commit(channel, 0, 0, proposal_refs(outbox.take(alice)), {9}), now));
  outbox.sent.clear();
  group.leave(bob);
  const auto to_alice = outbox.take(alice);
  ASSERT_EQ(to_alice.size(), 2u);
  EXPECT_EQ(to_alice[0].json, R"({"protocol_version":1,"epoch":1})");
  EXPECT_EQ(to_alice[1].json, R"({"protocol_version":1,"transition_id":0})");
  EXPECT_FALSE(group.established());
  EXPECT_EQ(group.epoch(), 0u);
}

TEST_F(DaveGroupTest, WhenTheWholeGroupLeavesThePendingMembersStartANewOne) {
  join(alice);
  send_key_package(alice);
  join(bob);
  send_key_package(bob);
  ASSERT_TRUE(group.commit_welcome(
      alice, mls::testing::commit(channel, 0, 0, proposal_refs(outbox.take(alice)), {9}), now));
  join(carol);
  send_key_package(carol);
  constexpr Snowflake dave = 4;
  join(dave);
  send_key_package(dave);
  outbox.sent.clear();
  group.leave(alice);
  group.leave(bob);
  EXPECT_FALSE(group.established());
  for (auto user : {carol, dave}) {
    const auto messages = outbox.take(user);
    ASSERT_EQ(messages.size(), 2u) << user;
    EXPECT_EQ(messages[0].json, R"({"protocol_version":1,"epoch":1})");
    EXPECT_EQ(messages[1].op, dave_op::external_sender);
  }
  // Their new key packages start the group afresh: each is asked to add the other.
  send_key_package(carol);
  send_key_package(dave);
  EXPECT_EQ(proposal_refs(outbox.take(carol)).size(), 1u);
  EXPECT_EQ(proposal_refs(outbox.take(dave)).size(), 1u);
}

TEST_F(DaveGroupTest, AnInvalidCommitReportRemovesAndReaddsTheMember) {
  join(alice);
  send_key_package(alice);
  join(bob);
  send_key_package(bob);
  join(carol);
  send_key_package(carol);
  const auto refs = proposal_refs(outbox.take(alice));
  ASSERT_EQ(refs.size(), 2u);
  ASSERT_TRUE(group.commit_welcome(alice, mls::testing::commit(channel, 0, 0, refs, {9}), now));
  outbox.sent.clear();
  group.invalid_commit_welcome(carol);
  const auto remove = proposal_refs(outbox.take(alice));
  ASSERT_EQ(remove.size(), 1u);
  EXPECT_TRUE(outbox.take(carol).empty());
  send_key_package(carol);  // after its reset
  const auto both = proposal_refs(outbox.take(bob));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_TRUE(group.commit_welcome(
      bob, mls::testing::commit(channel, 1, group.leaf_of(bob).value(), both, {9}), now));
  EXPECT_EQ(count(outbox.take(carol), dave_op::welcome), 1);
}

}  // namespace
}  // namespace accord::voice
