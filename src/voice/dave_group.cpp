#include "voice/dave_group.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

namespace accord::voice {
namespace {

constexpr int dave_v1 = 1;
constexpr std::uint8_t proposals_append = 0;
constexpr std::uint8_t proposals_revoke = 1;

std::string prepare_epoch_json(int version, std::uint64_t epoch) {
  return R"({"protocol_version":)" + std::to_string(version) + R"(,"epoch":)" + std::to_string(epoch) + "}";
}

std::string transition_json(int version, std::uint16_t id) {
  return R"({"protocol_version":)" + std::to_string(version) + R"(,"transition_id":)" + std::to_string(id) +
         "}";
}

mls::Bytes transition_payload(std::uint16_t id, mls::ByteView body) {
  mls::Writer writer;
  writer.u16(id);
  writer.raw(body);
  return writer.take();
}

// Why a key package is refused, or nullptr: DAVE v1 parameters, the member's own identity, the
// whole lifetime range, and both signatures (leaf node and key package).
const char* key_package_problem(const mls::KeyPackageView& package, Snowflake user_id) {
  if (package.version != mls::protocol_mls10 || package.cipher_suite != mls::ciphersuite_p256)
    return "not MLS 1.0 with ciphersuite 2";
  const auto& leaf = package.leaf;
  if (leaf.credential_type != mls::credential_basic || leaf.source != 1) return "not a basic credential";
  if (mls::user_id_from_identity(leaf.identity) != std::optional<std::uint64_t>(user_id))
    return "credential identity is not the user";
  if (leaf.not_before != 0 || leaf.not_after != std::numeric_limits<std::uint64_t>::max())
    return "lifetime is not 0..2^64-1";
  if (!mls::verify_with_label(leaf.signature_key, "LeafNodeTBS", leaf.signed_part, leaf.signature))
    return "bad leaf node signature";
  if (!mls::verify_with_label(leaf.signature_key, "KeyPackageTBS", package.signed_part, package.signature))
    return "bad key package signature";
  return nullptr;
}

}  // namespace

DaveGroup::DaveGroup(Snowflake channel_id, const mls::SigningKey& key, DaveOutbox& outbox, bool dave_allowed)
    : group_id_(
          mls::identity_from_user_id(channel_id)),  // clients derive it the same way: channel id, 8 bytes BE
      key_(key),
      external_sender_package_(mls::external_sender_package(key.public_key(), mls::identity_from_user_id(0))),
      outbox_(outbox),
      dave_allowed_(dave_allowed) {}

std::optional<std::uint32_t> DaveGroup::leaf_of(Snowflake user_id) const {
  auto it = members_.find(user_id);
  return it == members_.end() ? std::nullopt : it->second.leaf;
}

int DaveGroup::wanted_version() const {
  // E2EE is not mandatory: one member without DAVE keeps the whole call on transport encryption.
  if (!dave_allowed_ || members_.empty()) return 0;
  for (const auto& [id, member] : members_)
    if (member.max_version < dave_v1) return 0;
  return dave_v1;
}

void DaveGroup::reset_group() {
  established_ = false;
  epoch_ = 0;
  leaves_.clear();
  proposals_.clear();
  for (auto& [id, member] : members_) {
    member.leaf.reset();
    member.key_package.clear();
  }
}

int DaveGroup::join(Snowflake user_id, int max_version, Clock::time_point now) {
  if (members_.contains(user_id)) return version_;  // SELECT_PROTOCOL again: nothing changes
  Member member;
  member.max_version = max_version;
  members_.emplace(user_id, member);
  const auto wanted = wanted_version();
  if (wanted == version_) return version_;
  if (wanted == 0) {
    downgrade(now);
  } else {
    upgrade();  // the call was empty (or the last member without DAVE left as this one came)
  }
  return version_;
}

void DaveGroup::connected(Snowflake user_id) {
  auto it = members_.find(user_id);
  if (it == members_.end()) return;
  it->second.connected = true;
  if (version_ < dave_v1) return;
  // The client builds its local group from this, so it must come after SESSION_DESCRIPTION.
  outbox_.send_binary(user_id, dave_op::external_sender, external_sender_package_);
  it->second.has_external_sender = true;
}

void DaveGroup::upgrade() {
  // Every member creates a new group: op 24 epoch 1 makes each reset and send a fresh key
  // package; op 25 gives those that had no DAVE session yet the external sender (clients process
  // op 24 first, so their group is pending again and accepts it). A member still connecting gets
  // both from its SESSION_DESCRIPTION and connected().
  version_ = dave_v1;
  reset_group();
  for (auto& [id, member] : members_) {
    if (!member.connected) continue;
    outbox_.send_json(id, dave_op::prepare_epoch, prepare_epoch_json(dave_v1, 1));
    outbox_.send_binary(id, dave_op::external_sender, external_sender_package_);
    member.has_external_sender = true;
  }
}

void DaveGroup::downgrade(Clock::time_point now) {
  // Everyone already here drops to transport encryption at one execute (op 21, 23, 22).
  const bool had_dave = version_ >= dave_v1;
  version_ = 0;
  reset_group();
  if (!had_dave) return;
  std::set<Snowflake> participants;
  for (auto& [id, member] : members_)
    if (member.has_external_sender) participants.insert(id);
  if (participants.empty()) return;
  const auto id = next_transition_id();
  for (auto user : participants) outbox_.send_json(user, dave_op::prepare_transition, transition_json(0, id));
  start_transition(id, participants, now);
}

void DaveGroup::sole_member_reset(Snowflake user_id) {
  // No single member keeps control of an established group: it starts a new pending one, and the
  // transition id 0 tells it to switch at once.
  reset_group();
  outbox_.send_json(user_id, dave_op::prepare_epoch, prepare_epoch_json(dave_v1, 1));
  outbox_.send_json(user_id, dave_op::prepare_transition, transition_json(dave_v1, 0));
}

void DaveGroup::leave(Snowflake user_id) {
  if (members_.erase(user_id) == 0) return;
  revoke_adds_for(user_id);
  for (auto& proposal : proposals_) proposal.recipients.erase(user_id);
  std::vector<std::uint16_t> done;
  for (auto& [id, transition] : transitions_) {
    transition.participants.erase(user_id);
    transition.waiting.erase(user_id);
    if (transition.waiting.empty()) done.push_back(id);
  }
  for (auto id : done) execute(id);
  if (members_.empty()) {
    version_ = 0;
    reset_group();
    return;
  }
  const auto wanted = wanted_version();
  if (wanted != version_) {
    if (wanted == dave_v1) upgrade();
    return;
  }
  if (version_ < dave_v1) return;
  const auto in_group = group_members();
  if (established_ && members_.size() == 1) {
    sole_member_reset(members_.begin()->first);
    return;
  }
  if (established_ && in_group.empty()) {
    upgrade();  // nobody left in the group to commit the pending members: all start a new one
    return;
  }
  propose_pending_changes();
}

std::set<Snowflake> DaveGroup::group_members() const {
  std::set<Snowflake> result;
  for (const auto& [id, member] : members_)
    if (member.leaf) result.insert(id);
  return result;
}

void DaveGroup::send_proposal(Proposal proposal) {
  if (proposal.recipients.empty()) {
    proposals_.push_back(std::move(proposal));
    return;
  }
  mls::Writer messages;
  messages.u8(proposals_append);
  messages.vector(proposal.message);
  const auto payload = messages.take();
  for (auto user : proposal.recipients) outbox_.send_binary(user, dave_op::proposals, payload);
  proposals_.push_back(std::move(proposal));
}

DaveGroup::Proposal DaveGroup::signed_proposal(const mls::Bytes& content) const {
  const auto signature = key_.sign_with_label("FramedContentTBS", mls::framed_content_tbs(content));
  Proposal proposal;
  proposal.message = mls::public_message(content, signature);
  proposal.ref = mls::proposal_ref(proposal.message);
  return proposal;
}

void DaveGroup::propose_add(Snowflake user_id, const std::set<Snowflake>& recipients) {
  const auto& member = members_.at(user_id);
  auto proposal = signed_proposal(mls::external_add_content(group_id_, epoch_, member.key_package));
  proposal.add = true;
  proposal.user_id = user_id;
  proposal.recipients = recipients;
  send_proposal(std::move(proposal));
}

void DaveGroup::propose_pending_changes() {
  // After each epoch change the last epoch's proposals are void: whoever still has to leave or
  // join is proposed again, for the new epoch.
  if (!established_) return;
  const auto recipients = group_members();
  if (recipients.empty()) return;
  for (std::uint32_t leaf = 0; leaf < leaves_.size(); ++leaf) {
    if (!leaves_[leaf]) continue;
    const auto user = *leaves_[leaf];
    auto it = members_.find(user);
    if (it != members_.end() && it->second.leaf == leaf) continue;
    const bool proposed = std::any_of(proposals_.begin(), proposals_.end(),
                                      [&](const Proposal& p) { return !p.add && p.removed_leaf == leaf; });
    if (proposed) continue;
    auto proposal = signed_proposal(mls::external_remove_content(group_id_, epoch_, leaf));
    proposal.add = false;
    proposal.user_id = user;
    proposal.removed_leaf = leaf;
    proposal.recipients = recipients;
    send_proposal(std::move(proposal));
  }
  for (const auto& [id, member] : members_) {
    if (member.leaf || member.key_package.empty()) continue;
    const bool proposed = std::any_of(proposals_.begin(), proposals_.end(),
                                      [user = id](const Proposal& p) { return p.add && p.user_id == user; });
    if (!proposed) propose_add(id, recipients);
  }
}

void DaveGroup::revoke_adds_for(Snowflake user_id) {
  std::map<Snowflake, std::vector<mls::Bytes>> refs_by_recipient;
  std::erase_if(proposals_, [&](const Proposal& proposal) {
    if (!proposal.add || proposal.user_id != user_id) return false;
    for (auto recipient : proposal.recipients) refs_by_recipient[recipient].push_back(proposal.ref);
    return true;
  });
  for (const auto& [recipient, refs] : refs_by_recipient) {
    if (!members_.contains(recipient)) continue;
    mls::Writer list;
    for (const auto& ref : refs) list.vector(ref);
    mls::Writer payload;
    payload.u8(proposals_revoke);
    payload.vector(list.bytes());
    outbox_.send_binary(recipient, dave_op::proposals, payload.bytes());
  }
}

bool DaveGroup::key_package(Snowflake user_id, mls::ByteView data) {
  auto it = members_.find(user_id);
  if (it == members_.end() || version_ < dave_v1) return false;
  const auto package = mls::parse_key_package(data);
  const char* problem = package ? key_package_problem(*package, user_id) : "malformed";
  if (problem) {
    spdlog::info("voice: refused a DAVE key package of user {}: {}", user_id, problem);
    return false;
  }
  auto& member = it->second;
  // A member of the group sending a key package has reset its state: it leaves and rejoins.
  member.leaf.reset();
  revoke_adds_for(user_id);  // a pending member may replace its key package, never hold two
  member.key_package.assign(data.begin(), data.end());
  member.signature_key.assign(package->leaf.signature_key.begin(), package->leaf.signature_key.end());
  if (established_) {
    if (group_members().empty()) {
      upgrade();  // nobody in the group could commit it in: everyone starts a new group
    } else {
      propose_pending_changes();
    }
    return true;
  }
  // No group yet: every pending member has a local group of its own and may commit the others in;
  // the first commit makes the group. So this member's Add goes to the other pending members, and
  // theirs (already sent to the rest) go to it.
  std::set<Snowflake> others;
  for (const auto& [id, other] : members_)
    if (id != user_id && other.has_external_sender && !other.key_package.empty()) others.insert(id);
  for (auto& proposal : proposals_) {
    if (!proposal.add || proposal.user_id == user_id || proposal.recipients.contains(user_id)) continue;
    mls::Writer payload;
    payload.u8(proposals_append);
    payload.vector(proposal.message);
    outbox_.send_binary(user_id, dave_op::proposals, payload.bytes());
    proposal.recipients.insert(user_id);
  }
  propose_add(user_id, others);
  return true;
}

bool DaveGroup::commit_welcome(Snowflake user_id, mls::ByteView data, Clock::time_point now) {
  auto it = members_.find(user_id);
  if (it == members_.end() || version_ < dave_v1) return false;
  const auto commit = mls::parse_commit_message(data);
  const auto refuse = [&](const char* why) {
    spdlog::debug("voice: dropped a DAVE commit of user {} (epoch {}): {}", user_id, epoch_, why);
    return false;
  };
  if (!commit) return refuse("malformed");
  if (!std::equal(commit->group_id.begin(), commit->group_id.end(), group_id_.begin(), group_id_.end()))
    return refuse("another group");
  // Only the first valid commit of an epoch counts; the others were built on a state that is gone.
  if (commit->epoch != epoch_) return refuse("not the current epoch");
  if (commit->sender_type != mls::sender_member) return refuse("not from a member");
  const auto& member = it->second;
  if (established_ ? member.leaf != commit->sender_leaf
                   : (member.key_package.empty() || commit->sender_leaf != 0))
    return refuse("sender is not this member's leaf");
  if (commit->has_inline_proposals || commit->proposal_refs.empty())
    return refuse("not only proposal references");
  // It must commit exactly the proposals this member was sent in the epoch, no more, no fewer.
  std::vector<const Proposal*> unmatched;
  for (const auto& proposal : proposals_)
    if (proposal.recipients.contains(user_id)) unmatched.push_back(&proposal);
  if (unmatched.size() != commit->proposal_refs.size())
    return refuse("does not reference exactly the epoch's proposals");
  bool adds = false;
  for (auto ref : commit->proposal_refs) {
    auto found = std::find_if(unmatched.begin(), unmatched.end(), [&](const Proposal* proposal) {
      return std::ranges::equal(ref, proposal->ref);
    });
    if (found == unmatched.end()) return refuse("references a proposal it was not sent");
    adds = adds || (*found)->add;
    unmatched.erase(found);
  }
  if (commit->path_leaf) {
    const auto& leaf = *commit->path_leaf;
    if (mls::user_id_from_identity(leaf.identity) != std::optional<std::uint64_t>(user_id) ||
        !std::equal(leaf.signature_key.begin(), leaf.signature_key.end(), member.signature_key.begin(),
                    member.signature_key.end()))
      return refuse("changes the committer's credential or key");
  }
  const auto welcome = data.subspan(commit->size);
  if (adds && welcome.empty()) return refuse("adds members without a Welcome");
  apply_commit(user_id, *commit, data.first(commit->size), welcome, now);
  return true;
}

void DaveGroup::apply_commit(Snowflake committer, const mls::CommitView& commit, mls::ByteView message,
                             mls::ByteView welcome, Clock::time_point now) {
  std::set<Snowflake> announce = established_ ? group_members() : std::set<Snowflake>{committer};
  if (!established_) {
    leaves_.assign(1, committer);
    members_.at(committer).leaf = 0;
    members_.at(committer).key_package.clear();
  }
  // The leaves as MLS changes them (RFC 9420 §12.3): removes first, then adds in commit order,
  // each into the leftmost blank leaf.
  std::vector<const Proposal*> referenced;
  for (auto ref : commit.proposal_refs)
    for (const auto& proposal : proposals_)
      if (std::equal(ref.begin(), ref.end(), proposal.ref.begin(), proposal.ref.end()))
        referenced.push_back(&proposal);
  for (const auto* proposal : referenced) {
    if (proposal->add || proposal->removed_leaf >= leaves_.size()) continue;
    leaves_[proposal->removed_leaf].reset();
    announce.erase(proposal->user_id);
  }
  while (!leaves_.empty() && !leaves_.back()) leaves_.pop_back();
  std::set<Snowflake> welcomed;
  for (const auto* proposal : referenced) {
    if (!proposal->add) continue;
    auto blank = std::find(leaves_.begin(), leaves_.end(), std::nullopt);
    const auto leaf = static_cast<std::uint32_t>(blank - leaves_.begin());
    if (blank == leaves_.end()) leaves_.emplace_back();
    leaves_[leaf] = proposal->user_id;
    if (auto it = members_.find(proposal->user_id); it != members_.end()) {
      it->second.leaf = leaf;
      it->second.key_package.clear();
      welcomed.insert(proposal->user_id);
    }
  }
  const auto id = next_transition_id();
  const auto announcement = transition_payload(id, message);
  for (auto user : announce) outbox_.send_binary(user, dave_op::announce_commit, announcement);
  const auto welcome_payload = transition_payload(id, welcome);
  for (auto user : welcomed) outbox_.send_binary(user, dave_op::welcome, welcome_payload);
  established_ = true;
  ++epoch_;
  proposals_.clear();
  std::set<Snowflake> participants = announce;
  participants.insert(welcomed.begin(), welcomed.end());
  start_transition(id, participants, now);
  propose_pending_changes();
}

void DaveGroup::invalid_commit_welcome(Snowflake user_id) {
  // The member could not follow the group: it resets and sends a new key package; until then it is
  // pending, and its old leaf is proposed for removal.
  auto it = members_.find(user_id);
  if (it == members_.end() || version_ < dave_v1) return;
  it->second.leaf.reset();
  it->second.key_package.clear();
  revoke_adds_for(user_id);
  for (auto& [id, transition] : transitions_) transition.waiting.erase(user_id);
  if (established_ && group_members().empty()) {
    upgrade();
    return;
  }
  propose_pending_changes();
}

std::uint16_t DaveGroup::next_transition_id() {
  // 0 means "execute at once" to clients, so ids skip it.
  if (++last_transition_id_ == 0) ++last_transition_id_;
  return last_transition_id_;
}

void DaveGroup::start_transition(std::uint16_t id, std::set<Snowflake> participants, Clock::time_point now) {
  Transition transition;
  transition.waiting = participants;
  transition.participants = std::move(participants);
  transition.deadline = now + transition_timeout;
  transitions_[id] = std::move(transition);
}

void DaveGroup::transition_ready(Snowflake user_id, std::uint16_t transition_id) {
  auto it = transitions_.find(transition_id);
  if (it == transitions_.end()) return;
  it->second.waiting.erase(user_id);
  if (it->second.waiting.empty()) execute(transition_id);
}

void DaveGroup::execute(std::uint16_t id) {
  auto it = transitions_.find(id);
  if (it == transitions_.end()) return;
  const auto participants = std::move(it->second.participants);
  transitions_.erase(it);
  const auto json = R"({"transition_id":)" + std::to_string(id) + "}";
  for (auto user : participants)
    if (members_.contains(user)) outbox_.send_json(user, dave_op::execute_transition, json);
}

void DaveGroup::tick(Clock::time_point now) {
  std::vector<std::uint16_t> due;
  for (const auto& [id, transition] : transitions_)
    if (transition.deadline <= now) due.push_back(id);
  for (auto id : due) execute(id);
}

}  // namespace accord::voice
