#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

namespace relationship_type {
inline constexpr std::int64_t friend_ = 1;
inline constexpr std::int64_t blocked = 2;
inline constexpr std::int64_t incoming_request = 3;
inline constexpr std::int64_t outgoing_request = 4;
}  // namespace relationship_type

// What `user_id` has with `other_id`. Friendships and requests are stored from both sides; a block
// only from the side of the one who blocked.
struct Relationship {
  Snowflake user_id = 0;
  Snowflake other_id = 0;
  std::int64_t type = 0;
  std::optional<std::string> nickname;
  std::int64_t since_ms = 0;
};

// As GET /users/@me/relationships and RELATIONSHIP_ADD show it to `user_id`.
boost::json::object relationship_json(const Relationship& relationship, const User& other);

}  // namespace accord
