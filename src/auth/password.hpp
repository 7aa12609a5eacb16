#pragma once

#include <string>
#include <string_view>

namespace accord {

// Argon2id (libsodium's default), with its parameters stored in the hash string itself.
// Slow on purpose (tens of ms, 64 MiB): call only from the blocking pool.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& hash);

}  // namespace accord
