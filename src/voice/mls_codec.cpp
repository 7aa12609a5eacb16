#include "voice/mls_codec.hpp"

#include <sodium.h>

#include <cstring>
#include <string>

namespace accord::voice::mls {

void Writer::u16(std::uint16_t value) {
  u8(static_cast<std::uint8_t>(value >> 8));
  u8(static_cast<std::uint8_t>(value));
}

void Writer::u32(std::uint32_t value) {
  u16(static_cast<std::uint16_t>(value >> 16));
  u16(static_cast<std::uint16_t>(value));
}

void Writer::u64(std::uint64_t value) {
  u32(static_cast<std::uint32_t>(value >> 32));
  u32(static_cast<std::uint32_t>(value));
}

void Writer::raw(ByteView data) {
  // resize + memcpy rather than insert: GCC 12 at -O3 sees a false overflow in vector::insert here.
  if (data.empty()) return;
  const auto old_size = bytes_.size();
  bytes_.resize(old_size + data.size());
  std::memcpy(bytes_.data() + old_size, data.data(), data.size());
}

void Writer::varint(std::uint32_t length) {
  // The two top bits of the first byte say how long the header is: 00 one byte, 01 two, 10 four.
  if (length < (1u << 6)) {
    u8(static_cast<std::uint8_t>(length));
  } else if (length < (1u << 14)) {
    u16(static_cast<std::uint16_t>(0x4000u | length));
  } else {
    u32(0x80000000u | length);  // lengths of 2^30 or more do not occur in anything we write
  }
}

void Writer::vector(ByteView data) {
  varint(static_cast<std::uint32_t>(data.size()));
  raw(data);
}

bool Reader::need(std::size_t size) {
  if (!ok_ || data_.size() - position_ < size) ok_ = false;
  return ok_;
}

std::uint8_t Reader::u8() {
  if (!need(1)) return 0;
  return data_[position_++];
}

std::uint16_t Reader::u16() {
  const auto high = u8();
  return static_cast<std::uint16_t>(high << 8 | u8());
}

std::uint32_t Reader::u32() {
  const std::uint32_t high = u16();
  return high << 16 | u16();
}

std::uint64_t Reader::u64() {
  const std::uint64_t high = u32();
  return high << 32 | u32();
}

std::uint32_t Reader::varint() {
  if (!need(1)) return 0;
  const auto prefix = data_[position_] >> 6;
  if (prefix == 0) return u8();
  if (prefix == 1) {
    const std::uint32_t value = u16() & 0x3fffu;
    if (value < (1u << 6)) ok_ = false;
    return ok_ ? value : 0;
  }
  if (prefix == 2) {
    const std::uint32_t value = u32() & 0x3fffffffu;
    if (value < (1u << 14)) ok_ = false;
    return ok_ ? value : 0;
  }
  ok_ = false;  // 11 is reserved
  return 0;
}

ByteView Reader::raw(std::size_t size) {
  if (!need(size)) return {};
  auto result = data_.subspan(position_, size);
  position_ += size;
  return result;
}

ByteView Reader::vector() {
  const auto size = varint();
  return raw(size);
}

std::optional<LeafNodeView> read_leaf_node(Reader& reader) {
  const auto start = reader.rest();
  const auto start_position = reader.position();
  LeafNodeView leaf;
  reader.vector();  // encryption_key
  leaf.signature_key = reader.vector();
  leaf.credential_type = reader.u16();
  if (leaf.credential_type == credential_basic) {
    leaf.identity = reader.vector();
  } else {
    reader.vector();  // x509 certificates<V> (refused by the caller, but skipped cleanly)
  }
  for (int i = 0; i < 5; ++i)
    reader.vector();  // capabilities: versions, suites, extensions, proposals, credentials
  leaf.source = reader.u8();
  if (leaf.source == 1) {
    leaf.not_before = reader.u64();
    leaf.not_after = reader.u64();
  } else if (leaf.source == 3) {
    reader.vector();  // parent_hash
  } else if (leaf.source != 2) {
    return std::nullopt;
  }
  reader.vector();  // extensions
  if (!reader.ok()) return std::nullopt;
  leaf.signed_part = start.first(reader.position() - start_position);
  leaf.signature = reader.vector();
  if (!reader.ok()) return std::nullopt;
  return leaf;
}

std::optional<KeyPackageView> parse_key_package(ByteView data) {
  Reader reader(data);
  KeyPackageView package;
  package.version = reader.u16();
  package.cipher_suite = reader.u16();
  reader.vector();  // init_key
  auto leaf = read_leaf_node(reader);
  if (!leaf) return std::nullopt;
  package.leaf = *leaf;
  reader.vector();  // extensions
  if (!reader.ok()) return std::nullopt;
  package.signed_part = data.first(reader.position());
  package.signature = reader.vector();
  if (!reader.done()) return std::nullopt;
  return package;
}

std::optional<std::uint64_t> user_id_from_identity(ByteView identity) {
  if (identity.size() != 8) return std::nullopt;
  std::uint64_t value = 0;
  for (auto byte : identity) value = value << 8 | byte;
  return value;
}

Bytes identity_from_user_id(std::uint64_t user_id) {
  Writer writer;
  writer.u64(user_id);
  return writer.take();
}

std::optional<CommitView> parse_commit_message(ByteView data) {
  Reader reader(data);
  CommitView commit;
  if (reader.u16() != protocol_mls10 || reader.u16() != wire_public_message) return std::nullopt;
  commit.group_id = reader.vector();
  commit.epoch = reader.u64();
  commit.sender_type = reader.u8();
  if (commit.sender_type == sender_member || commit.sender_type == sender_external)
    commit.sender_leaf = reader.u32();
  reader.vector();  // authenticated_data
  if (reader.u8() != content_commit || !reader.ok()) return std::nullopt;
  Reader proposals(reader.vector());
  while (proposals.ok() && !proposals.done()) {
    const auto type = proposals.u8();
    if (type == 2) {
      commit.proposal_refs.push_back(proposals.vector());
    } else {
      // An inline proposal: DAVE commits carry references only, so there is no need to read on.
      commit.has_inline_proposals = true;
      break;
    }
  }
  if (!proposals.ok()) return std::nullopt;
  if (reader.u8() == 1) {
    commit.path_leaf = read_leaf_node(reader);
    if (!commit.path_leaf) return std::nullopt;
    reader.vector();  // UpdatePathNode nodes<V>
  }
  reader.vector();                                           // signature
  reader.vector();                                           // confirmation_tag
  if (commit.sender_type == sender_member) reader.vector();  // membership_tag
  if (!reader.ok()) return std::nullopt;
  commit.size = reader.position();
  return commit;
}

Bytes sign_content(std::string_view label, ByteView content) {
  const std::string full_label = "MLS 1.0 " + std::string(label);
  Writer writer;
  writer.vector(ByteView(reinterpret_cast<const std::uint8_t*>(full_label.data()), full_label.size()));
  writer.vector(content);
  return writer.take();
}

Bytes proposal_ref(ByteView public_message) {
  const std::string_view label = "MLS 1.0 Proposal Reference";
  Writer input;
  input.vector(ByteView(reinterpret_cast<const std::uint8_t*>(label.data()), label.size()));
  input.vector(public_message.subspan(2));  // AuthenticatedContent: the message minus its version
  Bytes hash(crypto_hash_sha256_BYTES);
  crypto_hash_sha256(hash.data(), input.bytes().data(), input.bytes().size());
  return hash;
}

namespace {

void write_external_head(Writer& writer, ByteView group_id, std::uint64_t epoch) {
  writer.vector(group_id);
  writer.u64(epoch);
  writer.u8(sender_external);
  writer.u32(0);     // the one external sender: this server
  writer.varint(0);  // authenticated_data
  writer.u8(content_proposal);
}

}  // namespace

Bytes external_add_content(ByteView group_id, std::uint64_t epoch, ByteView key_package) {
  Writer writer;
  write_external_head(writer, group_id, epoch);
  writer.u16(proposal_add);
  writer.raw(key_package);
  return writer.take();
}

Bytes external_remove_content(ByteView group_id, std::uint64_t epoch, std::uint32_t removed_leaf) {
  Writer writer;
  write_external_head(writer, group_id, epoch);
  writer.u16(proposal_remove);
  writer.u32(removed_leaf);
  return writer.take();
}

Bytes framed_content_tbs(ByteView framed_content) {
  Writer writer;
  writer.u16(protocol_mls10);
  writer.u16(wire_public_message);
  writer.raw(framed_content);
  return writer.take();
}

Bytes public_message(ByteView framed_content, ByteView signature) {
  Writer writer;
  writer.u16(protocol_mls10);
  writer.u16(wire_public_message);
  writer.raw(framed_content);
  writer.vector(signature);
  return writer.take();
}

Bytes external_sender_package(ByteView signature_key, ByteView identity) {
  Writer writer;
  writer.vector(signature_key);
  writer.u16(credential_basic);
  writer.vector(identity);
  return writer.take();
}

}  // namespace accord::voice::mls
