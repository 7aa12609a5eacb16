#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "services/auto_moderation.hpp"

namespace accord {
namespace {

std::optional<AutoModerationMatch> match(const char* metadata, std::string_view content) {
  return match_keywords(boost::json::parse(metadata).as_object(), content);
}

TEST(AutoModerationKeywords, APlainKeywordMatchesWholeWordsOnly) {
  const char* rule = R"({"keyword_filter":["cat"]})";
  EXPECT_TRUE(match(rule, "the cat sat"));
  EXPECT_TRUE(match(rule, "CAT!"));
  EXPECT_FALSE(match(rule, "catch the bobcat"));
}

TEST(AutoModerationKeywords, WildcardsOpenTheWordAtEitherEnd) {
  EXPECT_EQ(match(R"({"keyword_filter":["cat*"]})", "go catch it")->matched_content, "catch");
  EXPECT_FALSE(match(R"({"keyword_filter":["cat*"]})", "bobcat"));
  EXPECT_EQ(match(R"({"keyword_filter":["*cat"]})", "a Bobcat here")->matched_content, "Bobcat");
  EXPECT_EQ(match(R"({"keyword_filter":["*cat*"]})", "wrong location")->matched_content, "location");
}

TEST(AutoModerationKeywords, PhrasesMatchAcrossWords) {
  const char* rule = R"({"keyword_filter":["ice cream"]})";
  EXPECT_TRUE(match(rule, "I like ice cream a lot"));
  EXPECT_FALSE(match(rule, "nice creamery"));
}

TEST(AutoModerationKeywords, TheAllowListWins) {
  const char* rule = R"({"keyword_filter":["*cat*"],"allow_list":["catalog"]})";
  EXPECT_FALSE(match(rule, "see the catalog"));
  EXPECT_TRUE(match(rule, "see the catapult"));
}

TEST(AutoModerationKeywords, RegexPatternsReportTheirMatch) {
  const auto found = match(R"({"regex_patterns":["b[a4]d\\s*w[o0]rd"]})", "that is a B4D w0rd");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->matched_content, "B4D w0rd");
  EXPECT_FALSE(match(R"({"regex_patterns":["b[a4]d"]})", "good"));
}

TEST(AutoModerationKeywords, NothingToMatchMatchesNothing) {
  EXPECT_FALSE(match("{}", "anything at all"));
  EXPECT_FALSE(match(R"({"keyword_filter":["*"]})", "anything at all"));
}

}  // namespace
}  // namespace accord
