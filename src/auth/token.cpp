#include "auth/token.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/base64.hpp"

namespace accord {

TokenSigner::TokenSigner(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() != crypto_auth_hmacsha256_KEYBYTES)
    throw std::invalid_argument("token secret must be 32 bytes");
}

std::string TokenSigner::generate_secret() {
  std::string secret(crypto_auth_hmacsha256_KEYBYTES, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::string TokenSigner::sign(std::string_view payload) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                         reinterpret_cast<const unsigned char*>(secret_.data()));
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string TokenSigner::mint(const TokenClaims& claims) const {
  const std::string payload =
      base64url_encode(to_string(claims.user_id)) + "." + base64url_encode(to_string(claims.session_id));
  return payload + "." + sign(payload);
}

std::string TokenSigner::seal(std::string_view text) const {
  const auto payload = base64url_encode(text);
  return payload + "." + sign(payload);
}

std::optional<std::string> TokenSigner::unseal(std::string_view sealed) const {
  const auto dot = sealed.find('.');
  if (dot == std::string_view::npos || sealed.find('.', dot + 1) != std::string_view::npos)
    return std::nullopt;
  const auto payload = sealed.substr(0, dot);
  const std::string expected = sign(payload);
  const auto given = sealed.substr(dot + 1);
  if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  return base64url_decode(payload);
}

std::string TokenSigner::mint_ticket(Snowflake user_id, std::int64_t expires_at_ms) const {
  return seal("mfa:" + to_string(user_id) + ":" + std::to_string(expires_at_ms));
}

std::optional<Snowflake> TokenSigner::verify_ticket(std::string_view ticket, std::int64_t now_ms) const {
  const auto text = unseal(ticket);
  if (!text || !text->starts_with("mfa:")) return std::nullopt;
  const auto colon = text->find(':', 4);
  if (colon == std::string::npos) return std::nullopt;
  const auto user_id = parse_snowflake(text->substr(4, colon - 4));
  const auto expires = parse_snowflake(text->substr(colon + 1));
  if (!user_id || !expires || static_cast<std::int64_t>(*expires) < now_ms) return std::nullopt;
  return user_id;
}

std::optional<TokenClaims> TokenSigner::verify(std::string_view token) const {
  const auto last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return std::nullopt;
  const auto payload = token.substr(0, last_dot);
  const auto first_dot = payload.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;

  const std::string expected = sign(payload);
  const auto given = token.substr(last_dot + 1);
  if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  const auto user = base64url_decode(payload.substr(0, first_dot));
  const auto session = base64url_decode(payload.substr(first_dot + 1));
  if (!user || !session) return std::nullopt;
  const auto user_id = parse_snowflake(*user);
  const auto session_id = parse_snowflake(*session);
  if (!user_id || !session_id) return std::nullopt;
  return TokenClaims{*user_id, *session_id};
}

}  // namespace accord
