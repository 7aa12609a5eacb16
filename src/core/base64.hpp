#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace accord {

// URL-safe base64 without padding, the alphabet Discord's tokens use.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// Standard base64 (with padding), as found in data: URIs.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace accord
