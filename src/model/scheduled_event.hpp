#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

namespace event_status {
inline constexpr std::int64_t scheduled = 1;
inline constexpr std::int64_t active = 2;
inline constexpr std::int64_t completed = 3;
inline constexpr std::int64_t canceled = 4;
}  // namespace event_status

namespace event_entity {
inline constexpr std::int64_t stage_instance = 1;
inline constexpr std::int64_t voice = 2;
inline constexpr std::int64_t external = 3;
}  // namespace event_entity

// A guild scheduled event: in a voice or stage channel, or somewhere else (`location`).
struct ScheduledEvent {
  Snowflake id = 0;
  Snowflake guild_id = 0;
  std::optional<Snowflake> channel_id;
  std::optional<Snowflake> creator_id;
  std::string name;
  std::optional<std::string> description;
  std::int64_t scheduled_start_ms = 0;
  std::optional<std::int64_t> scheduled_end_ms;
  std::int64_t privacy_level = 2;  // GUILD_ONLY, the only one
  std::int64_t status = event_status::scheduled;
  std::int64_t entity_type = event_entity::external;
  std::optional<std::string> location;
  std::optional<std::string> image;
};

// `creator` when known; `user_count` only when asked for (with_user_count).
boost::json::object scheduled_event_json(const ScheduledEvent& event, const std::optional<User>& creator,
                                         std::optional<std::int64_t> user_count);

}  // namespace accord
