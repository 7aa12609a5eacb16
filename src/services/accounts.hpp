#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "services/context.hpp"
#include "services/media.hpp"
#include "services/sessions.hpp"

namespace accord {

class FormErrors;

struct Registration {
  std::string username;
  std::string password;
  std::optional<std::string> email;
  std::optional<std::string> global_name;
  bool consent = false;
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD
  // `accord admin create-user`: the operator at the console is not bound by the registration rules
  // (open, consent) and says which instance rights the account gets.
  bool by_operator = false;
  std::int64_t rights = 0;
};

struct LoginResult {
  std::string token;  // empty while a second factor is still owed
  User user;
  bool second_factor_needed = false;
};

// Changes a user makes to their own account (PATCH /users/@me). Absent means unchanged.
struct AccountChanges {
  std::optional<std::string> username;
  std::optional<std::optional<std::string>> global_name;
  std::optional<std::string> bio;
  std::optional<std::optional<std::int64_t>> accent_color;
  std::optional<std::string> email;
  std::optional<std::string> new_password;
  std::optional<std::string> password;  // the current one, needed for username, email and password
  std::optional<std::optional<std::string>> avatar;  // a data URI, or null to remove it
  std::optional<std::optional<std::string>> banner;
};

struct AccountUpdate {
  User user;
  std::optional<std::string> token;  // a fresh token when the password changed (old ones are revoked)
};

// What is left of a deleted account: the id (messages and member lists point at it) and nothing
// that says who it was. Its sessions end and its gateways are told to go.
void anonymise_account(ServiceContext& context, SessionService& sessions, const User& user);

class AccountService {
 public:
  AccountService(ServiceContext& context, SessionService& sessions, MediaService& media)
      : context_(context), sessions_(sessions), media_(media) {}

  LoginResult register_user(const Registration& registration);
  LoginResult login(const std::string& login, const std::string& password);
  User get_user(Snowflake id);
  AccountUpdate modify(const Caller& caller, const AccountChanges& changes);

  // GET /auth/sessions: the caller's logins; POST /auth/sessions/logout ends some of the others.
  boost::json::object list_sessions(const Caller& caller);
  void log_out_sessions(const Caller& caller, const boost::json::value& body);
  // POST /users/@me/delete {password}: the account goes, its messages stay as a Deleted User's.
  void delete_own(const Caller& caller, const boost::json::value& body);

 private:
  void check_age(FormErrors& errors, const std::optional<std::string>& date_of_birth,
                 std::int64_t minimum_age) const;

  ServiceContext& context_;
  SessionService& sessions_;
  MediaService& media_;
};

// Unique usernames as Discord has them since 2023: 2–32 of a-z, 0-9, `_` and `.`, no `..`.
bool is_valid_username(const std::string& username);

}  // namespace accord
