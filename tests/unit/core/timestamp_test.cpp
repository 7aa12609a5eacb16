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
