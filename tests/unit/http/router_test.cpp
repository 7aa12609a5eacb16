#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/api_error.hpp"

namespace accord {
namespace {

Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

int code_of(const Response& response) {
  return static_cast<int>(boost::json::parse(response.body).at("code").as_int64());
}

class RouterTest : public testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/users/@me", [](Request&) { return Response::json(200, "me"); });
    router.add("GET", "/users/:user_id",
               [](Request& r) { return Response::json(200, boost::json::value(r.params.at("user_id"))); });
    router.add("POST", "/fail", [](Request&) -> Response { throw ApiError::missing_access(); });
    router.add("POST", "/crash", [](Request&) -> Response { throw std::runtime_error("bug"); });
  }
  Router router;
};

TEST_F(RouterTest, ServesEveryApiPrefix) {
  for (const char* path :
       {"/api/users/@me", "/api/v9/users/@me", "/api/v10/users/@me", "/api/v6/users/@me/"}) {
    auto r = request("GET", path);
    EXPECT_EQ(router.handle(r).body, "\"me\"") << path;
  }
  auto v10 = request("GET", "/api/v10/users/@me");
  router.handle(v10);
  EXPECT_EQ(v10.api_version, 10);
  auto bare = request("GET", "/api/users/@me");
  router.handle(bare);
  EXPECT_EQ(bare.api_version, 9);
}

TEST_F(RouterTest, PrefersLiteralSegmentsRegisteredFirstAndCapturesParameters) {
  auto r = request("GET", "/api/v10/users/1234");
  EXPECT_EQ(router.handle(r).body, "\"1234\"");
}

TEST_F(RouterTest, AnswersUnknownPathsWrongMethodsAndRetiredVersionsInDiscordsShape) {
  auto missing = request("GET", "/api/v10/nothing");
  EXPECT_EQ(router.handle(missing).status, 404);
  auto outside = request("GET", "/elsewhere");
  EXPECT_EQ(router.handle(outside).status, 404);
  auto wrong = request("DELETE", "/api/v10/users/@me");
  EXPECT_EQ(router.handle(wrong).status, 405);
  auto retired = request("GET", "/api/v4/users/@me");
  const auto response = router.handle(retired);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(code_of(response), 50041);
}

TEST_F(RouterTest, TurnsErrorsIntoResponses) {
  auto fail = request("POST", "/api/v10/fail");
  const auto failed = router.handle(fail);
  EXPECT_EQ(failed.status, 403);
  EXPECT_EQ(code_of(failed), 50001);
  auto crash = request("POST", "/api/v10/crash");
  const auto crashed = router.handle(crash);
  EXPECT_EQ(crashed.status, 500);
  EXPECT_EQ(crashed.content_type, "application/json");
}

}  // namespace
}  // namespace accord
