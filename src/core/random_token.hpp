#pragma once

#include <cstddef>
#include <string>

namespace accord {

// `bytes` random bytes from libsodium as URL-safe base64: webhook and interaction tokens.
std::string random_token(std::size_t bytes);

}  // namespace accord
