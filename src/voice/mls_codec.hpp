#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

// The few MLS (RFC 9420) structures a DAVE delivery service reads and writes: TLS presentation
// language with MLS variable-length vector headers (§2.1.2). The server never decrypts anything;
// it reads key packages and public commits, and writes signed external proposals.
namespace accord::voice::mls {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Protocol constants (RFC 9420 §17).
inline constexpr std::uint16_t protocol_mls10 = 1;
inline constexpr std::uint16_t wire_public_message = 1;
inline constexpr std::uint16_t wire_welcome = 3;
inline constexpr std::uint16_t wire_key_package = 5;
inline constexpr std::uint16_t ciphersuite_p256 = 2;  // MLS_128_DHKEMP256_AES128GCM_SHA256_P256
inline constexpr std::uint16_t credential_basic = 1;
inline constexpr std::uint8_t sender_member = 1;
inline constexpr std::uint8_t sender_external = 2;
inline constexpr std::uint8_t content_proposal = 2;
inline constexpr std::uint8_t content_commit = 3;
inline constexpr std::uint16_t proposal_add = 1;
inline constexpr std::uint16_t proposal_remove = 3;

// Appends big-endian integers and vectors with MLS varint length headers.
class Writer {
 public:
  Writer() {
    bytes_.reserve(256);
  }  // most MLS structures here fit; also spares GCC 12 a false -Wstringop-overflow
  void u8(std::uint8_t value) { bytes_.push_back(value); }
  void u16(std::uint16_t value);
  void u32(std::uint32_t value);
  void u64(std::uint64_t value);
  void raw(ByteView data);
  // A length header (1, 2 or 4 bytes, the shortest that fits) then the bytes.
  void vector(ByteView data);
  void varint(std::uint32_t length);
  const Bytes& bytes() const { return bytes_; }
  Bytes take() { return std::move(bytes_); }

 private:
  Bytes bytes_;
};

// Reads what Writer writes. Untrusted input: every read checks bounds, and a failed read leaves the
// reader failed (ok() false) with every later read failing too, so parsers check once at the end.
class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint64_t u64();
  // A varint length header; non-minimal encodings are refused, as RFC 9420 requires.
  std::uint32_t varint();
  ByteView vector();
  ByteView raw(std::size_t size);
  bool ok() const { return ok_; }
  bool done() const { return ok_ && position_ == data_.size(); }
  std::size_t position() const { return position_; }
  ByteView rest() const { return data_.subspan(position_); }

 private:
  bool need(std::size_t size);
  ByteView data_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

// What the server checks of a member's leaf node (RFC 9420 §7.2).
struct LeafNodeView {
  ByteView signature_key;
  std::uint16_t credential_type = 0;
  ByteView identity;        // basic credentials only
  std::uint8_t source = 0;  // 1 key_package, 2 update, 3 commit
  std::uint64_t not_before = 0;
  std::uint64_t not_after = 0;
  ByteView signed_part;  // LeafNodeTBS for key_package leaves (the bytes before the signature)
  ByteView signature;
};
std::optional<LeafNodeView> read_leaf_node(Reader& reader);

// A KeyPackage (RFC 9420 §10), as DAVE's op 26 carries it (not wrapped in an MLSMessage).
struct KeyPackageView {
  std::uint16_t version = 0;
  std::uint16_t cipher_suite = 0;
  LeafNodeView leaf;
  ByteView signed_part;  // KeyPackageTBS
  ByteView signature;
};
std::optional<KeyPackageView> parse_key_package(ByteView data);

// The user id in a DAVE basic credential: 8 bytes, big-endian.
std::optional<std::uint64_t> user_id_from_identity(ByteView identity);
Bytes identity_from_user_id(std::uint64_t user_id);

// The parts of an MLSMessage(PublicMessage(Commit)) a delivery service checks (RFC 9420 §6, §12.4).
struct CommitView {
  ByteView group_id;
  std::uint64_t epoch = 0;
  std::uint8_t sender_type = 0;
  std::uint32_t sender_leaf = 0;
  std::vector<ByteView> proposal_refs;
  bool has_inline_proposals = false;
  std::optional<LeafNodeView> path_leaf;  // the committer's new leaf, when it sent a path
  std::size_t size = 0;                   // bytes of the MLSMessage; what follows is the Welcome
};
std::optional<CommitView> parse_commit_message(ByteView data);

// SignContent (RFC 9420 §5.1.2): what SignWithLabel signs: label<V> = "MLS 1.0 " + label, content<V>.
Bytes sign_content(std::string_view label, ByteView content);

// RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent) (§5.2) of a PublicMessage MLSMessage,
// whose bytes after the 2-byte version are exactly the AuthenticatedContent for non-member senders.
Bytes proposal_ref(ByteView public_message);

// The unsigned head of an external proposal: FramedContent (group, epoch, sender external 0, no
// authenticated data, a proposal). Its FramedContentTBS is version ‖ wire format ‖ this (§6.1);
// external senders sign no group context.
Bytes external_add_content(ByteView group_id, std::uint64_t epoch, ByteView key_package);
Bytes external_remove_content(ByteView group_id, std::uint64_t epoch, std::uint32_t removed_leaf);
Bytes framed_content_tbs(ByteView framed_content);
// MLSMessage(PublicMessage{content, auth{signature}}): no confirmation or membership tag, since a
// proposal from an external sender has neither.
Bytes public_message(ByteView framed_content, ByteView signature);

// DAVE op 25: ExternalSender{signature_key<V>, Credential{basic, identity<V>}} (RFC 9420 §12.1.8.1).
Bytes external_sender_package(ByteView signature_key, ByteView identity);

}  // namespace accord::voice::mls
