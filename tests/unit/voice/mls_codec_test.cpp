#include "voice/mls_codec.hpp"

#include <gtest/gtest.h>

#include "mls_test_support.hpp"
#include "voice/mls_signature.hpp"

namespace accord::voice::mls {
namespace {

TEST(MlsCodec, VectorHeadersUseTheShortestVarint) {
  const std::vector<std::pair<std::uint32_t, Bytes>> cases = {{0, {0x00}},
                                                              {63, {0x3f}},
                                                              {64, {0x40, 0x40}},
                                                              {16383, {0x7f, 0xff}},
                                                              {16384, {0x80, 0x00, 0x40, 0x00}}};
  for (const auto& [length, header] : cases) {
    Writer writer;
    writer.varint(length);
    EXPECT_EQ(writer.bytes(), header) << length;
    Reader reader(header);
    EXPECT_EQ(reader.varint(), length);
    EXPECT_TRUE(reader.done());
  }
}

TEST(MlsCodec, RefusesNonMinimalAndTruncatedVectors) {
  const Bytes non_minimal = {0x40, 0x05, 1, 2, 3, 4, 5};  // 5 in two bytes
  Reader reader(non_minimal);
  reader.vector();
  EXPECT_FALSE(reader.ok());
  const Bytes truncated = {0x05, 1, 2};
  Reader short_reader(truncated);
  short_reader.vector();
  EXPECT_FALSE(short_reader.ok());
  const Bytes reserved = {0xc0, 0, 0, 0, 0, 0, 0, 1};
  Reader reserved_reader(reserved);
  reserved_reader.varint();
  EXPECT_FALSE(reserved_reader.ok());
}

TEST(MlsCodec, VectorRoundTrip) {
  Writer writer;
  const Bytes payload(300, 0xab);
  writer.vector(payload);
  writer.u32(7);
  Reader reader(writer.bytes());
  const auto read = reader.vector();
  EXPECT_EQ(Bytes(read.begin(), read.end()), payload);
  EXPECT_EQ(reader.u32(), 7u);
  EXPECT_TRUE(reader.done());
}

TEST(MlsCodec, ExternalProposalSignatureVerifiesWithThePublicKey) {
  SigningKey server;
  SigningKey member;
  const auto package = testing::key_package(member, 42);
  const auto group = identity_from_user_id(1234);
  const auto content = external_add_content(group, 3, package);
  const auto tbs = framed_content_tbs(content);
  const auto signature = server.sign_with_label("FramedContentTBS", tbs);
  EXPECT_EQ(server.public_key().size(), 65u);
  EXPECT_EQ(server.public_key()[0], 0x04);  // uncompressed point
  EXPECT_TRUE(verify_with_label(server.public_key(), "FramedContentTBS", tbs, signature));
  EXPECT_FALSE(verify_with_label(member.public_key(), "FramedContentTBS", tbs, signature));
  EXPECT_FALSE(verify_with_label(server.public_key(), "KeyPackageTBS", tbs, signature));

  // The MLSMessage: version, wire format, group id, epoch, sender external #0, no AAD, an Add.
  const auto message = public_message(content, signature);
  Reader reader(message);
  EXPECT_EQ(reader.u16(), protocol_mls10);
  EXPECT_EQ(reader.u16(), wire_public_message);
  const auto group_id = reader.vector();
  EXPECT_EQ(Bytes(group_id.begin(), group_id.end()), group);
  EXPECT_EQ(reader.u64(), 3u);
  EXPECT_EQ(reader.u8(), sender_external);
  EXPECT_EQ(reader.u32(), 0u);
  EXPECT_EQ(reader.vector().size(), 0u);
  EXPECT_EQ(reader.u8(), content_proposal);
  EXPECT_EQ(reader.u16(), proposal_add);
  const auto embedded = reader.raw(package.size());
  EXPECT_EQ(Bytes(embedded.begin(), embedded.end()), package);
  const auto signed_with = reader.vector();
  EXPECT_EQ(Bytes(signed_with.begin(), signed_with.end()), signature);
  EXPECT_TRUE(reader.done());
  // Its reference is SHA-256 sized and depends on the whole message.
  EXPECT_EQ(proposal_ref(message).size(), 32u);
  EXPECT_NE(proposal_ref(message),
            proposal_ref(public_message(external_remove_content(group, 3, 1), signature)));
}

TEST(MlsCodec, KeyPackageIdentityIsTheBigEndianUserId) {
  SigningKey key;
  const auto data = testing::key_package(key, 0x0123456789abcdefull);
  const auto package = parse_key_package(data);
  ASSERT_TRUE(package);
  EXPECT_EQ(package->cipher_suite, ciphersuite_p256);
  EXPECT_EQ(package->leaf.credential_type, credential_basic);
  EXPECT_EQ(user_id_from_identity(package->leaf.identity), 0x0123456789abcdefull);
  EXPECT_EQ(Bytes(package->leaf.signature_key.begin(), package->leaf.signature_key.end()), key.public_key());
  EXPECT_TRUE(verify_with_label(key.public_key(), "KeyPackageTBS", package->signed_part, package->signature));
  EXPECT_TRUE(
      verify_with_label(key.public_key(), "LeafNodeTBS", package->leaf.signed_part, package->leaf.signature));
  // Trailing or missing bytes make it no key package at all.
  auto longer = data;
  longer.push_back(0);
  EXPECT_FALSE(parse_key_package(longer));
  EXPECT_FALSE(parse_key_package(ByteView(data).first(data.size() - 1)));
  EXPECT_FALSE(user_id_from_identity(Bytes{1, 2, 3}));
}

TEST(MlsCodec, CommitIsReadUpToItsWelcome) {
  const std::vector<Bytes> refs = {Bytes(32, 1), Bytes(32, 2)};
  const Bytes welcome = {0, 2, 9, 9, 9};
  const auto data = testing::commit(77, 4, 1, refs, welcome);
  const auto commit = parse_commit_message(data);
  ASSERT_TRUE(commit);
  EXPECT_EQ(user_id_from_identity(commit->group_id), 77u);
  EXPECT_EQ(commit->epoch, 4u);
  EXPECT_EQ(commit->sender_type, sender_member);
  EXPECT_EQ(commit->sender_leaf, 1u);
  ASSERT_EQ(commit->proposal_refs.size(), 2u);
  EXPECT_EQ(Bytes(commit->proposal_refs[1].begin(), commit->proposal_refs[1].end()), refs[1]);
  EXPECT_FALSE(commit->has_inline_proposals);
  EXPECT_EQ(commit->size, data.size() - welcome.size());
  EXPECT_FALSE(parse_commit_message(ByteView(data).first(20)));
}

}  // namespace
}  // namespace accord::voice::mls
