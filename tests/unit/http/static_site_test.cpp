#include "http/static_site.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/api_error.hpp"

namespace accord {
namespace {

class StaticSiteTest : public testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::temp_directory_path() /
           ("accord-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root / "assets");
    write("index.html", "<p>client</p>");
    write("admin.html", "<p>admin</p>");
    write("assets/app-1a2b.js", "console.log(1)");
    write(".env", "secret");
    std::ofstream(root.parent_path() / "outside.txt") << "outside";
  }
  void TearDown() override { std::filesystem::remove_all(root); }

  void write(const std::string& name, const std::string& text) { std::ofstream(root / name) << text; }

  Response get(std::string path) {
    Request request;
    request.method = "GET";
    request.path = std::move(path);
    return StaticSite(root).serve(request);
  }

  std::filesystem::path root;
};

TEST_F(StaticSiteTest, AnAssetIsServedWithItsTypeAndCachedForever) {
  const auto response = get("/assets/app-1a2b.js");
  EXPECT_EQ(response.body, "console.log(1)");
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(response.headers.front().second, "public, max-age=31536000, immutable");
}

TEST_F(StaticSiteTest, ClientRoutesGetTheClientPageAndAdminRoutesTheAdminPage) {
  EXPECT_EQ(get("/").body, "<p>client</p>");
  EXPECT_EQ(get("/channels/1/2").body, "<p>client</p>");
  EXPECT_EQ(get("/admin").body, "<p>admin</p>");
  EXPECT_EQ(get("/admin/users").body, "<p>admin</p>");
  EXPECT_EQ(get("/administrator").body, "<p>client</p>");
  EXPECT_EQ(get("/").headers.front().second, "no-cache");
}

TEST_F(StaticSiteTest, AMissingAssetIsNotFoundRatherThanThePage) {
  try {
    get("/assets/app-old.js");
    FAIL() << "expected a 404";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status(), 404);
  }
}

TEST_F(StaticSiteTest, PathsLeavingTheFolderOrNamingHiddenFilesGetThePageInstead) {
  EXPECT_EQ(get("/../outside.txt").body, "<p>client</p>");
  EXPECT_EQ(get("/assets/../../outside.txt").body, "<p>client</p>");
  EXPECT_EQ(get("/.env").body, "<p>client</p>");
  EXPECT_EQ(get("/assets//app-1a2b.js").body, "<p>client</p>");
}

}  // namespace
}  // namespace accord
