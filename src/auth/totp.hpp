#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accord {

// Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1 of the
// 30-second step, six digits, the secret shared as base32.
std::optional<std::string> base32_decode(std::string_view text);
std::string totp_code(std::string_view secret, std::int64_t unix_seconds);
// Accepts the current code and the one either side of it, for clocks a little apart.
bool totp_matches(std::string_view base32_secret, std::string_view code, std::int64_t unix_seconds);

}  // namespace accord
