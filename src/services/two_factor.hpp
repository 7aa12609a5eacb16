#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/accounts.hpp"
#include "services/sessions.hpp"

namespace accord {

// TOTP two-factor authentication: turned on with a code from the new secret and the password, then
// every login needs a code (or a one-time backup code) after the password.
class TwoFactorService {
 public:
  TwoFactorService(ServiceContext& context, SessionService& sessions)
      : context_(context), sessions_(sessions) {}

  // POST /users/@me/mfa/totp/enable {secret, code, password}: {token, backup_codes}.
  boost::json::object enable(const Caller& caller, const boost::json::value& body);
  // POST /users/@me/mfa/totp/disable {code}: a current code or a backup code.
  boost::json::object disable(const Caller& caller, const boost::json::value& body);

  bool enabled_for(Snowflake user_id);
  // The ticket that stands for "password passed" until the second factor arrives (5 minutes).
  std::string ticket_for(Snowflake user_id);
  // POST /auth/mfa/totp {ticket, code}: the login's token.
  LoginResult complete_login(const boost::json::value& body);

 private:
  // A six-digit code from the authenticator, or one unused backup code (which is then spent).
  bool accepts(Snowflake user_id, const std::string& secret, const std::string& code);

  ServiceContext& context_;
  SessionService& sessions_;
};

}  // namespace accord
