#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace accord {

using Snowflake = std::uint64_t;

inline constexpr std::int64_t discord_epoch_ms = 1420070400000;

// The smallest snowflake that could have been minted at `unix_ms`: what `before`/`after` paging uses.
Snowflake snowflake_at(std::int64_t unix_ms);
std::int64_t snowflake_unix_ms(Snowflake id);

std::string to_string(Snowflake id);
// Ids arrive as decimal strings; anything else (signs, spaces, overflow) is not an id.
std::optional<Snowflake> parse_snowflake(std::string_view text);

// Mints unique, time-ordered ids: 42 bits of ms, 5 of worker, 5 of process, 12 of sequence.
class SnowflakeGenerator {
 public:
  SnowflakeGenerator(unsigned worker_id, const Clock& clock);

  Snowflake next();

 private:
  unsigned worker_id_;
  const Clock& clock_;
  std::mutex mutex_;
  std::int64_t last_ms_ = 0;
  unsigned sequence_ = 0;
};

}  // namespace accord
