#include "core/random_token.hpp"

#include <sodium.h>

#include "core/base64.hpp"

namespace accord {

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return base64url_encode(raw);
}

}  // namespace accord
