#pragma once

#include <limits>

#include "voice/mls_codec.hpp"
#include "voice/mls_signature.hpp"

// What a DAVE client sends, built by hand for tests: key packages (signed, as davey makes them)
// and public commits (unsigned: the server cannot check a member's commit signature anyway).
namespace accord::voice::mls::testing {

inline Bytes key_package(const SigningKey& key, std::uint64_t user_id,
                         std::uint64_t not_after = std::numeric_limits<std::uint64_t>::max()) {
  Writer leaf;
  leaf.vector(Bytes(65, 0x04));  // encryption_key (never looked at by the server)
  leaf.vector(key.public_key());
  leaf.u16(credential_basic);
  leaf.vector(identity_from_user_id(user_id));
  leaf.vector(Bytes{0, 1});  // versions: mls10
  leaf.vector(Bytes{0, 2});  // ciphersuites: 2
  leaf.varint(0);            // extensions
  leaf.varint(0);            // proposals
  leaf.vector(Bytes{0, 1});  // credentials: basic
  leaf.u8(1);                // source: key_package
  leaf.u64(0);
  leaf.u64(not_after);
  leaf.varint(0);  // extensions
  Writer package;
  package.u16(protocol_mls10);
  package.u16(ciphersuite_p256);
  package.vector(Bytes(65, 0x04));  // init_key
  package.raw(leaf.bytes());
  package.vector(key.sign_with_label("LeafNodeTBS", leaf.bytes()));
  package.varint(0);  // extensions
  const auto signature = key.sign_with_label("KeyPackageTBS", package.bytes());
  package.vector(signature);
  return package.take();
}

inline Bytes commit(std::uint64_t group, std::uint64_t epoch, std::uint32_t sender_leaf,
                    const std::vector<Bytes>& refs, const Bytes& welcome = {}) {
  Writer message;
  message.u16(protocol_mls10);
  message.u16(wire_public_message);
  message.vector(identity_from_user_id(group));
  message.u64(epoch);
  message.u8(sender_member);
  message.u32(sender_leaf);
  message.varint(0);
  message.u8(content_commit);
  Writer proposals;
  for (const auto& ref : refs) {
    proposals.u8(2);
    proposals.vector(ref);
  }
  message.vector(proposals.bytes());
  message.u8(0);                    // no path
  message.vector(Bytes(71, 0x30));  // signature
  message.vector(Bytes(32, 0xcc));  // confirmation_tag
  message.vector(Bytes(32, 0xdd));  // membership_tag
  message.raw(welcome);
  return message.take();
}

}  // namespace accord::voice::mls::testing
