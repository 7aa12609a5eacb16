#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "voice/mls_codec.hpp"
#include "voice/mls_signature.hpp"

namespace accord::voice {

// DAVE voice gateway opcodes (discord.md §7.2, §7.8).
namespace dave_op {
inline constexpr int prepare_transition = 21;
inline constexpr int execute_transition = 22;
inline constexpr int transition_ready = 23;
inline constexpr int prepare_epoch = 24;
inline constexpr int external_sender = 25;
inline constexpr int key_package = 26;
inline constexpr int proposals = 27;
inline constexpr int commit_welcome = 28;
inline constexpr int announce_commit = 29;
inline constexpr int welcome = 30;
inline constexpr int invalid_commit_welcome = 31;
}  // namespace dave_op

// Where a group's messages go, in order per member: the gateway's sessions, or a test's log.
class DaveOutbox {
 public:
  virtual ~DaveOutbox() = default;
  virtual void send_json(Snowflake user_id, int op, const std::string& d_json) = 0;
  virtual void send_binary(Snowflake user_id, int op, const mls::Bytes& payload) = 0;
};

// The MLS delivery service of one voice channel (DAVE protocol v1, discord.md §7.8 and the DAVE
// whitepaper's "Group Key Exchange"). It picks the call's protocol version, hands out the
// external-sender key, turns key packages into signed external Add proposals and departures into
// Remove proposals, picks the first valid commit of each epoch, announces it (op 29) and the
// Welcome (op 30), and runs the transitions (op 23 in, op 22 out). It mirrors only the public
// shape of the group: epoch and who sits at which leaf. It never holds a group or media secret.
// No sockets and no clock of its own: the gateway feeds it events and the time, tests do the same.
class DaveGroup {
 public:
  using Clock = std::chrono::steady_clock;
  // How long a transition waits for every participant's op 23 before executing anyway.
  static constexpr auto transition_timeout = std::chrono::seconds(3);

  DaveGroup(Snowflake channel_id, const mls::SigningKey& key, DaveOutbox& outbox, bool dave_allowed);

  // A member finished SELECT_PROTOCOL. Returns the call's protocol version, which its
  // SESSION_DESCRIPTION must carry; then call connected() once that has been sent.
  int join(Snowflake user_id, int max_version, Clock::time_point now);
  void connected(Snowflake user_id);
  void leave(Snowflake user_id);

  // Messages from a member (ops 26, 28, 23, 31). Returns false for one that was refused.
  bool key_package(Snowflake user_id, mls::ByteView data);
  bool commit_welcome(Snowflake user_id, mls::ByteView data, Clock::time_point now);
  void transition_ready(Snowflake user_id, std::uint16_t transition_id);
  void invalid_commit_welcome(Snowflake user_id);
  // Executes transitions whose members did not all answer in time.
  void tick(Clock::time_point now);

  int version() const { return version_; }
  std::uint64_t epoch() const { return epoch_; }
  bool established() const { return established_; }
  bool empty() const { return members_.empty(); }
  std::optional<std::uint32_t> leaf_of(Snowflake user_id) const;
  std::size_t pending_proposals() const { return proposals_.size(); }

 private:
  struct Member {
    int max_version = 0;
    bool connected = false;  // its SESSION_DESCRIPTION was sent
    bool has_external_sender = false;
    mls::Bytes key_package;  // a pending member's current one, dropped once it is welcomed
    mls::Bytes signature_key;
    std::optional<std::uint32_t> leaf;  // set while in the established group
  };
  struct Proposal {
    mls::Bytes ref;
    mls::Bytes message;
    bool add = true;
    Snowflake user_id = 0;  // who is added, or who sat at the removed leaf
    std::uint32_t removed_leaf = 0;
    std::set<Snowflake> recipients;
  };
  struct Transition {
    std::set<Snowflake> participants;
    std::set<Snowflake> waiting;
    Clock::time_point deadline;
  };

  int wanted_version() const;
  void reset_group();
  void upgrade();
  void downgrade(Clock::time_point now);
  void sole_member_reset(Snowflake user_id);
  std::set<Snowflake> group_members() const;
  // Signs framed proposal content as the external sender: the PublicMessage and its proposal ref.
  Proposal signed_proposal(const mls::Bytes& content) const;
  void send_proposal(Proposal proposal);
  void propose_add(Snowflake user_id, const std::set<Snowflake>& recipients);
  void propose_pending_changes();
  void revoke_adds_for(Snowflake user_id);
  std::uint16_t next_transition_id();
  void start_transition(std::uint16_t id, std::set<Snowflake> participants, Clock::time_point now);
  void execute(std::uint16_t id);
  void apply_commit(Snowflake committer, const mls::CommitView& commit, mls::ByteView message,
                    mls::ByteView welcome, Clock::time_point now);

  mls::Bytes group_id_;
  const mls::SigningKey& key_;
  mls::Bytes external_sender_package_;
  DaveOutbox& outbox_;
  bool dave_allowed_;
  int version_ = 0;
  bool established_ = false;
  std::uint64_t epoch_ = 0;
  std::map<Snowflake, Member> members_;
  std::vector<std::optional<Snowflake>> leaves_;  // the group's leaves as MLS numbers them
  std::vector<Proposal> proposals_;               // sent in the current epoch
  std::map<std::uint16_t, Transition> transitions_;
  std::uint16_t last_transition_id_ = 0;
};

}  // namespace accord::voice
