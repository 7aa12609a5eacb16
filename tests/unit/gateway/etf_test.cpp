#include "gateway/etf.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace accord::gateway {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

TEST(Etf, RoundTripsAGatewayPayload) {
  const auto json = boost::json::parse(
      R"({"op":0,"s":12,"t":"MESSAGE_CREATE","d":{"id":"1234567890123456789","content":"héllo","tts":false,)"
      R"("nonce":null,"mentions":[],"embeds":[{"title":"x"}],"flags":-5,"big":9007199254740993,"ratio":0.5}})");
  const auto decoded = etf_decode(etf_encode(json));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(boost::json::serialize(*decoded), boost::json::serialize(json));
}

TEST(Etf, ReadsWhatErlpackSendsForIdentify) {
  // erlpack.pack({op: 2, d: {token: "t", intents: 513, compress: false}}) as erlpack 0.1 encodes it.
  const auto identify =
      bytes({131, 116, 0,   0, 0,   2,   109, 0,   0,   0,   2,   'o', 'p', 97,  2,   109, 0,   0,   0,  1,
             'd', 116, 0,   0, 0,   3,   109, 0,   0,   0,   5,   't', 'o', 'k', 'e', 'n', 109, 0,   0,  0,
             1,   't', 109, 0, 0,   0,   7,   'i', 'n', 't', 'e', 'n', 't', 's', 98,  0,   0,   2,   1,  109,
             0,   0,   0,   8, 'c', 'o', 'm', 'p', 'r', 'e', 's', 's', 115, 5,   'f', 'a', 'l', 's', 'e'});
  const auto decoded = etf_decode(identify);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(boost::json::serialize(*decoded), R"({"op":2,"d":{"token":"t","intents":513,"compress":false}})");
}

TEST(Etf, TurnsNilAtomsIntoNull) {
  const auto decoded = etf_decode(bytes({131, 100, 0, 3, 'n', 'i', 'l'}));
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->is_null());
}

TEST(Etf, RefusesTruncatedOversizedAndTooDeepInput) {
  EXPECT_FALSE(etf_decode(""));
  EXPECT_FALSE(etf_decode(bytes({131})));
  EXPECT_FALSE(etf_decode(bytes({130, 97, 1})));                    // wrong version
  EXPECT_FALSE(etf_decode(bytes({131, 109, 0, 0, 0, 9, 'a'})));     // binary longer than the input
  EXPECT_FALSE(etf_decode(bytes({131, 108, 255, 255, 255, 255})));  // a list claiming 4 billion items
  EXPECT_FALSE(etf_decode(bytes({131, 97, 1, 97})));                // trailing bytes
  std::string deep(1, static_cast<char>(131));
  for (int i = 0; i < 100; ++i) deep += bytes({108, 0, 0, 0, 1});
  deep += bytes({106});
  for (int i = 0; i < 100; ++i) deep += bytes({106});
  EXPECT_FALSE(etf_decode(deep));
}

}  // namespace
}  // namespace accord::gateway

namespace accord::gateway {
namespace {

// Found by the etf_decode fuzzer: a float that is not a number cannot travel as JSON.
TEST(Etf, FloatsThatAreNotNumbersAreMalformed) {
  const std::string nan_float("\x83\x46\xff\xff\xff\xff\xff\xff\x00\x2c", 10);
  EXPECT_FALSE(etf_decode(nan_float));
  const std::string infinity("\x83\x46\x7f\xf0\x00\x00\x00\x00\x00\x00", 10);
  EXPECT_FALSE(etf_decode(infinity));
  const std::string one_and_a_half("\x83\x46\x3f\xf8\x00\x00\x00\x00\x00\x00", 10);
  ASSERT_TRUE(etf_decode(one_and_a_half));
  EXPECT_EQ(etf_decode(one_and_a_half)->as_double(), 1.5);
}

}  // namespace
}  // namespace accord::gateway
