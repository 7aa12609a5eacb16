#pragma once

#include <cstdint>
#include <string>

namespace accord {

// ISO 8601 in the one shape every client parses: 2024-03-30T21:30:58.100000+00:00.
// discord.py uses datetime.fromisoformat, which rejects `Z` on older Pythons.
std::string iso_timestamp(std::int64_t unix_ms);

}  // namespace accord
