#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace accord::store {

// The embedded backend: one database file in WAL mode, a small pool of connections (one per
// blocking thread) so readers never wait for the writer.
class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, const std::string& synchronous, std::size_t connections);

  // Applies every migration not yet applied; returns how many ran.
  int migrate();

  void create_user(const User& user, const std::string& password_hash) override;
  std::optional<User> find_user(Snowflake id) override;
  std::optional<User> find_user_by_login(const std::string& login) override;
  bool username_taken(const std::string& username, const std::string& discriminator,
                      std::optional<Snowflake> except) override;
  bool email_taken(const std::string& email, std::optional<Snowflake> except) override;
  void update_user(const User& user) override;
  std::optional<std::string> password_hash(Snowflake user_id) override;
  void set_password_hash(Snowflake user_id, const std::string& hash) override;

  void create_session(const Session& session) override;
  std::optional<Session> find_session(Snowflake id) override;
  void delete_session(Snowflake id) override;
  void delete_user_sessions(Snowflake user_id) override;

  void create_application(const Application& application) override;
  std::optional<Application> find_application(Snowflake id) override;
  std::optional<Application> find_application_by_bot(Snowflake bot_user_id) override;
  std::vector<Application> list_applications(Snowflake owner_id) override;
  void update_application(const Application& application) override;
  void create_bot_user(const Application& application, const User& bot) override;

  std::optional<std::string> instance_value(const std::string& key) override;
  void set_instance_value(const std::string& key, const std::string& value) override;

 private:
  class Lease;
  Lease lease();
  void release(std::unique_ptr<SqliteConnection> connection);

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
};

}  // namespace accord::store
