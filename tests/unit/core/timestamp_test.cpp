#include "core/timestamp.hpp"

#include <gtest/gtest.h>

namespace accord {
namespace {

TEST(IsoTimestamp, UsesMicrosecondsAndAnExplicitOffset) {
  EXPECT_EQ(iso_timestamp(1462015105796), "2016-04-30T11:18:25.796000+00:00");
  EXPECT_EQ(iso_timestamp(0), "1970-01-01T00:00:00.000000+00:00");
}

}  // namespace
}  // namespace accord

namespace accord {
namespace {

TEST(ParseIsoTimestamp, ReadsTheFormsClientsSend) {
  EXPECT_EQ(parse_iso_timestamp("2016-04-30T11:18:25.796000+00:00"), 1462015105796);
  EXPECT_EQ(parse_iso_timestamp("2016-04-30T11:18:25.796Z"), 1462015105796);
  EXPECT_EQ(parse_iso_timestamp("2016-04-30T11:18:25Z"), 1462015105000);
  EXPECT_EQ(parse_iso_timestamp("2016-04-30T13:18:25.796+02:00"), 1462015105796);
}

TEST(ParseIsoTimestamp, RefusesWhatIsNotATime) {
  EXPECT_EQ(parse_iso_timestamp(""), std::nullopt);
  EXPECT_EQ(parse_iso_timestamp("tomorrow"), std::nullopt);
  EXPECT_EQ(parse_iso_timestamp("2016-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso_timestamp("2016-04-30T25:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso_timestamp("2016-04-30T11:18:25+0x:00"), std::nullopt);
}

}  // namespace
}  // namespace accord
