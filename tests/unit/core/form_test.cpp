#include "core/form.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace accord {
namespace {

TEST(FormReader, CollectsEveryProblemBeforeFailing) {
  const auto body = boost::json::parse(R"({"name": 3, "bio": "far too long"})");
  FormReader form(body);
  form.required_string("name", 1, 10);
  form.optional_string("bio", 0, 5);
  form.required_string("password", 1, 10);
  try {
    form.finish();
    FAIL() << "no error raised";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status(), 400);
    EXPECT_EQ(error.code(), 50035);
    const auto& errors = error.errors();
    EXPECT_EQ(errors.at("name").at("_errors").at(0).at("code"), "BASE_TYPE_STRING");
    EXPECT_EQ(errors.at("bio").at("_errors").at(0).at("code"), "BASE_TYPE_BAD_LENGTH");
    EXPECT_EQ(errors.at("password").at("_errors").at(0).at("code"), "BASE_TYPE_REQUIRED");
  }
}

TEST(FormReader, CountsCharactersNotBytes) {
  const auto body = boost::json::parse(R"({"name": "ééé"})");
  FormReader form(body);
  EXPECT_EQ(form.required_string("name", 3, 3), "ééé");
  EXPECT_NO_THROW(form.finish());
}

TEST(FormReader, TellsAbsentFromNull) {
  const auto body = boost::json::parse(R"({"avatar": null})");
  FormReader form(body);
  EXPECT_TRUE(form.has("avatar"));
  EXPECT_TRUE(form.is_null("avatar"));
  EXPECT_FALSE(form.has("banner"));
}

TEST(FormErrors, NestsArrayIndicesAsStringKeys) {
  FormErrors errors;
  errors.add({"embeds", "0", "title"}, "BASE_TYPE_MAX_LENGTH", "too long");
  const auto json = errors.to_api_error().to_json();
  EXPECT_EQ(
      boost::json::serialize(json),
      R"({"message":"Invalid Form Body","code":50035,"errors":{"embeds":{"0":{"title":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"too long"}]}}}}})");
}

TEST(ParseJsonBody, EmptyIsAnObjectAndGarbageIs50109) {
  EXPECT_TRUE(parse_json_body("").is_object());
  try {
    parse_json_body("{nope");
    FAIL();
  } catch (const ApiError& error) {
    EXPECT_EQ(error.code(), 50109);
  }
}

}  // namespace
}  // namespace accord
