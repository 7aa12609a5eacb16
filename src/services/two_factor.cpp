#include "services/two_factor.hpp"

#include <sodium.h>

#include "auth/password.hpp"
#include "auth/totp.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/text.hpp"

namespace accord {
namespace {

constexpr std::int64_t ticket_lifetime_ms = 5 * 60 * 1000;
constexpr int backup_code_count = 10;

ApiError invalid_code() {
  return ApiError(400, 60008, "Invalid two-factor code");
}

// Eight lowercase hex digits, as Discord's backup codes look.
std::string backup_code() {
  unsigned char bytes[4];
  randombytes_buf(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

}  // namespace

bool TwoFactorService::enabled_for(Snowflake user_id) {
  return context_.store.totp_secret(user_id).has_value();
}

bool TwoFactorService::accepts(Snowflake user_id, const std::string& secret, const std::string& code) {
  std::string digits;
  for (char c : code) {
    if (c != ' ' && c != '-') digits += c;
  }
  if (totp_matches(secret, digits, context_.clock.now_ms() / 1000)) return true;
  return digits.size() == 8 && context_.store.use_backup_code(user_id, digits);
}

boost::json::object TwoFactorService::enable(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  auto secret = form.required_string("secret", 16, 128);
  auto code = form.required_string("code", 6, 6);
  auto password = form.required_string("password", 1, 72);
  form.finish();
  if (enabled_for(caller.user.id))
    throw ApiError(400, 60001, "This account is already enrolled in two-factor authentication");
  const auto hash = context_.store.password_hash(caller.user.id);
  if (!hash || !verify_password(*password, *hash))
    throw ApiError::invalid_field("password", "PASSWORD_DOES_NOT_MATCH", "Password does not match.");
  const auto decoded = base32_decode(*secret);
  if (!decoded || decoded->size() < 10)
    throw ApiError::invalid_field("secret", "BASE32_INVALID", "Not a base32 secret.");
  if (!totp_matches(*secret, *code, context_.clock.now_ms() / 1000)) throw invalid_code();
  std::vector<std::string> codes;
  for (int i = 0; i < backup_code_count; ++i) codes.push_back(backup_code());
  context_.store.set_totp(caller.user.id, *secret, codes);
  boost::json::array backup_codes;
  for (const auto& value : codes)
    backup_codes.push_back({{"user_id", to_string(caller.user.id)}, {"code", value}, {"consumed", false}});
  auto user = context_.store.find_user(caller.user.id);
  if (user) context_.bus.publish({"USER_UPDATE", private_user_json(*user), Audience::user(caller.user.id)});
  // Discord hands out a fresh token with the change; the old ones stay valid until logout.
  return {{"token", sessions_.start(caller.user.id, "mfa enable")},
          {"backup_codes", std::move(backup_codes)}};
}

boost::json::object TwoFactorService::disable(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  auto code = form.required_string("code", 6, 20);
  form.finish();
  const auto secret = context_.store.totp_secret(caller.user.id);
  if (!secret) throw ApiError(400, 60002, "This account is not enrolled in two-factor authentication");
  if (!accepts(caller.user.id, *secret, *code)) throw invalid_code();
  context_.store.set_totp(caller.user.id, std::nullopt, {});
  auto user = context_.store.find_user(caller.user.id);
  if (user) context_.bus.publish({"USER_UPDATE", private_user_json(*user), Audience::user(caller.user.id)});
  return {{"token", sessions_.start(caller.user.id, "mfa disable")}};
}

std::string TwoFactorService::ticket_for(Snowflake user_id) {
  return context_.tokens.mint_ticket(user_id, context_.clock.now_ms() + ticket_lifetime_ms);
}

LoginResult TwoFactorService::complete_login(const boost::json::value& body) {
  FormReader form(body);
  auto ticket = form.required_string("ticket", 1, 512);
  auto code = form.required_string("code", 6, 20);
  form.finish();
  const auto user_id = context_.tokens.verify_ticket(*ticket, context_.clock.now_ms());
  if (!user_id) throw ApiError(401, 60006, "Invalid two-factor auth ticket");
  auto user = context_.store.find_user(*user_id);
  const auto secret = context_.store.totp_secret(*user_id);
  if (!user || !secret || user->disabled) throw ApiError(401, 60006, "Invalid two-factor auth ticket");
  if (!accepts(*user_id, *secret, *code)) throw invalid_code();
  return {sessions_.start(*user_id, "login"), std::move(*user)};
}

}  // namespace accord
