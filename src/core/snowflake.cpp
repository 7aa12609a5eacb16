#include "core/snowflake.hpp"

#include <charconv>
#include <stdexcept>

namespace accord {

Snowflake snowflake_at(std::int64_t unix_ms) {
  if (unix_ms <= discord_epoch_ms) return 0;
  return static_cast<Snowflake>(unix_ms - discord_epoch_ms) << 22;
}

std::int64_t snowflake_unix_ms(Snowflake id) {
  return static_cast<std::int64_t>(id >> 22) + discord_epoch_ms;
}

std::string to_string(Snowflake id) {
  return std::to_string(id);
}

std::optional<Snowflake> parse_snowflake(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  Snowflake value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

SnowflakeGenerator::SnowflakeGenerator(unsigned worker_id, const Clock& clock)
    : worker_id_(worker_id), clock_(clock) {
  if (worker_id > 31) throw std::invalid_argument("snowflake worker id must be 0..31");
}

Snowflake SnowflakeGenerator::next() {
  std::lock_guard lock(mutex_);
  std::int64_t now = clock_.now_ms();
  // A clock that steps back must not produce an id twice: keep counting from the last ms seen.
  if (now < last_ms_) now = last_ms_;
  if (now == last_ms_) {
    if (++sequence_ > 0xFFF) {
      ++now;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_ms_ = now;
  return snowflake_at(now) | (Snowflake{worker_id_} << 17) | Snowflake{sequence_};
}

}  // namespace accord
