#include "core/json_log_formatter.hpp"

#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>

#include <boost/json/parse.hpp>

namespace accord {
namespace {

TEST(JsonLogFormatter, EachLineIsAJsonObjectEvenWhenTheMessageIsNot) {
  JsonLogFormatter formatter;
  const std::string text = "user \"eve\"\\ said\nhi\x01";
  spdlog::details::log_msg message(spdlog::source_loc{}, "accord", spdlog::level::warn, text);
  spdlog::memory_buf_t out;
  formatter.format(message, out);
  const std::string line(out.data(), out.size());
  ASSERT_TRUE(line.ends_with("}\n"));
  const auto json = boost::json::parse(line).as_object();
  EXPECT_EQ(json.at("message").as_string(), text);
  EXPECT_EQ(json.at("level").as_string(), "warning");
  EXPECT_EQ(json.at("logger").as_string(), "accord");
  EXPECT_TRUE(json.at("time").as_string().ends_with("Z"));
}

}  // namespace
}  // namespace accord
