#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "model/application.hpp"
#include "model/user.hpp"

namespace accord {

// A login: one token's server side. Deleting it logs that token out.
struct Session {
  Snowflake id = 0;
  Snowflake user_id = 0;
  std::int64_t created_at_ms = 0;
  std::string client;  // what the login said it was, for the session list
};

// Thrown when a write would break a uniqueness rule (username, email); services turn it into the
// field error the client should see.
struct UniqueViolation : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Domain-level persistence. Every call blocks: callers run on the blocking pool, never on io threads.
class Store {
 public:
  virtual ~Store() = default;

  // Users
  virtual void create_user(const User& user, const std::string& password_hash) = 0;
  virtual std::optional<User> find_user(Snowflake id) = 0;
  // By email, or by username for unique-username accounts: what the login form's `login` holds.
  virtual std::optional<User> find_user_by_login(const std::string& login) = 0;
  virtual bool username_taken(const std::string& username, const std::string& discriminator,
                              std::optional<Snowflake> except) = 0;
  virtual bool email_taken(const std::string& email, std::optional<Snowflake> except) = 0;
  virtual void update_user(const User& user) = 0;
  virtual std::optional<std::string> password_hash(Snowflake user_id) = 0;
  virtual void set_password_hash(Snowflake user_id, const std::string& hash) = 0;

  // Sessions
  virtual void create_session(const Session& session) = 0;
  virtual std::optional<Session> find_session(Snowflake id) = 0;
  virtual void delete_session(Snowflake id) = 0;
  virtual void delete_user_sessions(Snowflake user_id) = 0;

  // Applications
  virtual void create_application(const Application& application) = 0;
  virtual std::optional<Application> find_application(Snowflake id) = 0;
  virtual std::optional<Application> find_application_by_bot(Snowflake bot_user_id) = 0;
  virtual std::vector<Application> list_applications(Snowflake owner_id) = 0;
  virtual void update_application(const Application& application) = 0;
  // Creates the bot user and links it to the application in one transaction.
  virtual void create_bot_user(const Application& application, const User& bot) = 0;

  // Instance-wide values that must survive restarts (the token secret).
  virtual std::optional<std::string> instance_value(const std::string& key) = 0;
  virtual void set_instance_value(const std::string& key, const std::string& value) = 0;
};

}  // namespace accord
