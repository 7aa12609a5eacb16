#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/snowflake.hpp"

namespace accord {

struct TokenClaims {
  Snowflake user_id;
  Snowflake session_id;
};

// Tokens look like Discord's: base64url(user id) . base64url(session id) . HMAC-SHA256 of both with
// the instance secret. The signature makes forgery impossible; the session row makes logout and
// password changes revoke them.
class TokenSigner {
 public:
  explicit TokenSigner(std::string secret);  // 32 bytes

  std::string mint(const TokenClaims& claims) const;
  std::optional<TokenClaims> verify(std::string_view token) const;

  static std::string generate_secret();

  // The ticket a login with two-factor authentication hands out: who passed the password, and
  // until when the second factor may complete it.
  std::string mint_ticket(Snowflake user_id, std::int64_t expires_at_ms) const;
  std::optional<Snowflake> verify_ticket(std::string_view ticket, std::int64_t now_ms) const;

  // Text a client carries and hands back unchanged (a ticket, a gateway session id): readable by
  // every node of the instance, changeable by none. base64url(text) . signature; one dot, so a
  // sealed text never passes as a token (two dots).
  std::string seal(std::string_view text) const;
  std::optional<std::string> unseal(std::string_view sealed) const;

 private:
  std::string sign(std::string_view payload) const;
  std::string secret_;
};

}  // namespace accord
