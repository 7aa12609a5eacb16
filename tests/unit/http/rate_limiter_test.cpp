#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace accord {
namespace {

class ManualClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return now; }
  std::int64_t now = 1'000'000;
};

Config limits(std::int64_t messages_per_window) {
  Config config;
  config.rate_limits.message_limit = messages_per_window;
  config.rate_limits.message_window_ms = 5000;
  config.rate_limits.invalid_limit = 3;
  return config;
}

class RateLimiterTest : public testing::Test {
 protected:
  RateLimiterTest()
      : config(limits(2)), tokens(TokenSigner::generate_secret()), limiter(config, clock, tokens, nullptr) {}

  Request message_to(std::string channel, Snowflake user) {
    Request request;
    request.remote_address = "10.0.0.1";
    request.params["channel_id"] = std::move(channel);
    request.headers.emplace_back("authorization", tokens.mint({user, 1}));
    return request;
  }
  RateLimiter::Verdict send(std::string channel, Snowflake user = 7) {
    return limiter.admit("POST", "/channels/:channel_id/messages", message_to(std::move(channel), user));
  }

  ManualClock clock;
  LiveConfig config;
  TokenSigner tokens;
  RateLimiter limiter;
};

TEST_F(RateLimiterTest, AUserSendingTooFastIsToldWhenTheWindowReopens) {
  EXPECT_EQ(send("100").remaining, 1);
  EXPECT_EQ(send("100").remaining, 0);
  clock.now += 1200;
  const auto refused = send("100");
  EXPECT_FALSE(refused.allowed);
  EXPECT_FALSE(refused.global);
  EXPECT_EQ(refused.scope, "user");
  EXPECT_EQ(refused.reset_after_ms, 3800);

  clock.now += 3800;
  EXPECT_TRUE(send("100").allowed);
}

TEST_F(RateLimiterTest, EachChannelAndEachUserHasItsOwnCountInTheSameBucket) {
  send("100");
  send("100");
  EXPECT_FALSE(send("100").allowed);
  const auto other_channel = send("200");
  EXPECT_TRUE(other_channel.allowed);
  EXPECT_TRUE(send("100", 8).allowed);
  EXPECT_EQ(other_channel.bucket, send("300").bucket);
}

TEST_F(RateLimiterTest, AnOperatorCanRaiseALimitWhileRequestsFlow) {
  send("100");
  send("100");
  EXPECT_FALSE(send("100").allowed);
  config.set_runtime_values({{"rate_limits.message_limit", "5"}});
  const auto verdict = send("100");
  EXPECT_TRUE(verdict.allowed);
  EXPECT_EQ(verdict.limit, 5);
}

TEST_F(RateLimiterTest, ExemptUsersAreNeverCounted) {
  config.set_runtime_values({{"rate_limits.exempt_user_ids", "5, 7"}});
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(send("100").allowed);
}

TEST_F(RateLimiterTest, AnAddressEarningManyRefusalsIsBlockedEverywhere) {
  Request stranger;
  stranger.remote_address = "10.0.0.1";
  for (int i = 0; i < 3; ++i) limiter.note_status(stranger, 401);
  const auto verdict = send("100");
  EXPECT_FALSE(verdict.allowed);
  EXPECT_TRUE(verdict.global);
  EXPECT_EQ(verdict.scope, "shared");
}

TEST_F(RateLimiterTest, ARefusalCarriesDiscordsBodyAndHeaders) {
  send("100");
  send("100");
  const auto refused = send("100");
  auto response = RateLimiter::refusal(refused);
  RateLimiter::add_headers(refused, response);
  EXPECT_EQ(response.status, 429);
  EXPECT_NE(response.body.find("\"global\":false"), std::string::npos);
  auto header = [&](std::string_view name) {
    for (const auto& [key, value] : response.headers)
      if (key == name) return value;
    return std::string("missing");
  };
  EXPECT_EQ(header("X-RateLimit-Remaining"), "0");
  EXPECT_EQ(header("X-RateLimit-Reset-After"), "5.000");
  EXPECT_EQ(header("Retry-After"), "5");
  EXPECT_EQ(header("X-RateLimit-Scope"), "user");
}

}  // namespace
}  // namespace accord
