#pragma once

#include <cstdint>
#include <string>

namespace accord {

// ISO 8601 in the one shape every client parses: 2024-03-30T21:30:58.100000+00:00.
// discord.py uses datetime.fromisoformat, which rejects `Z` on older Pythons.
std::string iso_timestamp(std::int64_t unix_ms);

}  // namespace accord

#include <optional>
#include <string_view>

namespace accord {

// Reads the ISO 8601 forms clients send (`Z` or `+00:00`, optional fraction); UTC offsets applied.
std::optional<std::int64_t> parse_iso_timestamp(std::string_view text);

}  // namespace accord
