#pragma once

#include <cstdint>

namespace accord::rights {

// Instance-level rights: separate from guild permissions, they gate the admin API.
inline constexpr std::int64_t operator_ = 1 << 0;  // everything below, and the instance itself
inline constexpr std::int64_t manage_users = 1 << 1;
inline constexpr std::int64_t manage_guilds = 1 << 2;
inline constexpr std::int64_t bypass_rate_limits = 1 << 3;

inline bool holds(std::int64_t granted, std::int64_t wanted) {
  return (granted & operator_) != 0 || (granted & wanted) == wanted;
}

}  // namespace accord::rights
