#include "auth/token.hpp"

#include <gtest/gtest.h>

#include "auth/password.hpp"

namespace accord {
namespace {

TEST(TokenSigner, RoundTripsItsClaims) {
  TokenSigner signer(TokenSigner::generate_secret());
  const auto token = signer.mint({1234567890123456789u, 42});
  const auto claims = signer.verify(token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, 1234567890123456789u);
  EXPECT_EQ(claims->session_id, 42u);
}

TEST(TokenSigner, RefusesTokensFromAnotherInstance) {
  TokenSigner ours(TokenSigner::generate_secret());
  TokenSigner theirs(TokenSigner::generate_secret());
  EXPECT_FALSE(ours.verify(theirs.mint({1, 2})));
}

TEST(TokenSigner, RefusesATokenWhoseUserWasSwapped) {
  TokenSigner signer(TokenSigner::generate_secret());
  const auto token = signer.mint({1, 2});
  const auto other = signer.mint({3, 2});
  const auto forged = other.substr(0, other.find('.')) + token.substr(token.find('.'));
  EXPECT_FALSE(signer.verify(forged));
}

TEST(TokenSigner, RefusesGarbage) {
  TokenSigner signer(TokenSigner::generate_secret());
  for (const char* garbage : {"", ".", "..", "a.b.c", "MTIz.NDU2.", "no dots at all"}) {
    EXPECT_FALSE(signer.verify(garbage)) << garbage;
  }
}

TEST(TokenSigner, SealedTextReadsBackOnlyUnderTheSameSecretAndUnchanged) {
  const auto secret = TokenSigner::generate_secret();
  TokenSigner node_a(secret);
  TokenSigner node_b(secret);  // another node of the same instance
  const auto sealed = node_a.seal("gw:42:513:0:1:abcd");
  EXPECT_EQ(node_b.unseal(sealed), std::optional<std::string>("gw:42:513:0:1:abcd"));
  EXPECT_FALSE(TokenSigner(TokenSigner::generate_secret()).unseal(sealed));
  const auto altered = node_a.seal("gw:43:513:0:1:abcd");
  EXPECT_FALSE(node_b.unseal(altered.substr(0, altered.find('.')) + sealed.substr(sealed.find('.'))));
  EXPECT_FALSE(node_b.verify(sealed));  // never a token
}

TEST(Password, VerifiesOnlyTheRightPassword) {
  const auto hash = hash_password("correct horse");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password("correct horse", hash));
  EXPECT_FALSE(verify_password("correct horsE", hash));
}

}  // namespace
}  // namespace accord
