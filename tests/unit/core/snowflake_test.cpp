#include "core/snowflake.hpp"

#include <gtest/gtest.h>

#include <set>

namespace accord {
namespace {

class FixedClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return now; }
  std::int64_t now = 1700000000000;
};

TEST(Snowflake, CarriesItsCreationTime) {
  FixedClock clock;
  SnowflakeGenerator ids(3, clock);
  const auto id = ids.next();
  EXPECT_EQ(snowflake_unix_ms(id), clock.now);
  EXPECT_EQ((id >> 17) & 0x1F, 3u);
}

TEST(Snowflake, IsUniqueWhenManyAreMintedInOneMillisecond) {
  FixedClock clock;
  SnowflakeGenerator ids(0, clock);
  std::set<Snowflake> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(ids.next()).second);
}

TEST(Snowflake, NeverGoesBackwardsWhenTheClockDoes) {
  FixedClock clock;
  SnowflakeGenerator ids(0, clock);
  const auto first = ids.next();
  clock.now -= 5000;
  EXPECT_GT(ids.next(), first);
}

TEST(Snowflake, ParsesOnlyPlainDecimal) {
  EXPECT_EQ(parse_snowflake("175928847299117063"), 175928847299117063u);
  EXPECT_EQ(parse_snowflake(""), std::nullopt);
  EXPECT_EQ(parse_snowflake("-1"), std::nullopt);
  EXPECT_EQ(parse_snowflake("12a"), std::nullopt);
  EXPECT_EQ(parse_snowflake("99999999999999999999999"), std::nullopt);
}

TEST(Snowflake, KnownDiscordIdDecodesToItsDocumentedTime) {
  // From Discord's documentation: 175928847299117063 was minted at 2016-04-30 11:18:25.796 UTC.
  EXPECT_EQ(snowflake_unix_ms(175928847299117063), 1462015105796);
  EXPECT_EQ(snowflake_at(1462015105796), 175928847299117063u >> 22 << 22);
}

}  // namespace
}  // namespace accord
