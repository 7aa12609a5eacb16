#include "auth/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>
#include <cstdio>

namespace accord {

std::optional<std::string> base32_decode(std::string_view text) {
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == ' ' || c == '-') continue;
    const auto upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    int value = -1;
    if (upper >= 'A' && upper <= 'Z') value = upper - 'A';
    if (upper >= '2' && upper <= '7') value = upper - '2' + 26;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return bytes;
}

std::string totp_code(std::string_view secret, std::int64_t unix_seconds) {
  auto counter = static_cast<std::uint64_t>(unix_seconds / 30);
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), message.data(), message.size(), digest,
       &length);
  const auto offset = digest[length - 1] & 0x0f;
  const std::uint32_t binary = ((digest[offset] & 0x7fu) << 24) | (digest[offset + 1] << 16) |
                               (digest[offset + 2] << 8) | digest[offset + 3];
  char code[8];
  std::snprintf(code, sizeof code, "%06u", binary % 1'000'000u);
  return code;
}

bool totp_matches(std::string_view base32_secret, std::string_view code, std::int64_t unix_seconds) {
  const auto secret = base32_decode(base32_secret);
  if (!secret || secret->empty() || code.size() != 6) return false;
  for (int step = -1; step <= 1; ++step) {
    if (totp_code(*secret, unix_seconds + step * 30) == code) return true;
  }
  return false;
}

}  // namespace accord
