#include "core/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace accord {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsServeOnLocalhost8080) {
  const auto config = load_config("", {});
  EXPECT_EQ(config.http.listen, "127.0.0.1:8080");
  EXPECT_TRUE(config.registration.open);
}

TEST(Config, FileOverridesDefaultsAndEnvironmentOverridesFile) {
  const auto path = write_temp("accord_config_test.toml",
                               "[http]\nmax_json_body_bytes = 2048\nlisten = \"0.0.0.0:9000\"\n"
                               "[registration]\nopen = false\n");
  const auto config = load_config(path, {{"ACCORD_HTTP_LISTEN", "127.0.0.1:7000"}});
  EXPECT_EQ(config.http.max_json_body_bytes, 2048);
  EXPECT_FALSE(config.registration.open);
  EXPECT_EQ(config.http.listen, "127.0.0.1:7000");
}

TEST(Config, RefusesUnknownKeysAndBadValuesNamingThem) {
  const auto path = write_temp("accord_config_unknown.toml", "[http]\nlisten_port = 3\n");
  EXPECT_THROW(load_config(path, {}), std::runtime_error);
  try {
    load_config("", {{"ACCORD_HTTP_MAX_BODY_BYTES", "lots"}});
    FAIL() << "a non-number was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("ACCORD_HTTP_MAX_BODY_BYTES"), std::string::npos);
  }
}

TEST(Config, EnvironmentNamesFollowTheKeys) {
  EXPECT_EQ(config_env_name("http.max_body_bytes"), "ACCORD_HTTP_MAX_BODY_BYTES");
}

TEST(Config, RuntimeValuesChangeLimitsButNeverTheSocketsOrTheDatabase) {
  const auto changed = with_runtime_values(Config{}, {{"limits.max_message_length", "500"}});
  EXPECT_EQ(changed.limits.max_message_length, 500);
  for (const char* key : {"http.listen", "node.io_threads", "database.synchronous"}) {
    try {
      with_runtime_values(Config{}, {{key, "1"}});
      FAIL() << key << " was changed at runtime";
    } catch (const ConfigValueError& error) {
      EXPECT_EQ(error.key, key);
    }
  }
  EXPECT_THROW(with_runtime_values(Config{}, {{"limits.max_message_length", "long"}}), ConfigValueError);
  EXPECT_THROW(with_runtime_values(Config{}, {{"limits.no_such_thing", "1"}}), ConfigValueError);
}

TEST(Config, CommittedDocumentationMatchesTheCode) {
  std::ifstream file(std::string(ACCORD_SOURCE_DIR) + "/docs/config.md");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), config_markdown()) << "run: build/accord config-docs > docs/config.md";
}

}  // namespace
}  // namespace accord
