#include "model/scheduled_event.hpp"

#include "core/timestamp.hpp"

namespace accord {

boost::json::object scheduled_event_json(const ScheduledEvent& event, const std::optional<User>& creator,
                                         std::optional<std::int64_t> user_count) {
  auto text = [](const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  auto id = [](const std::optional<Snowflake>& value) {
    return value ? boost::json::value(to_string(*value)) : boost::json::value(nullptr);
  };
  boost::json::object json{
      {"id", to_string(event.id)},
      {"guild_id", to_string(event.guild_id)},
      {"channel_id", id(event.channel_id)},
      {"creator_id", id(event.creator_id)},
      {"name", event.name},
      {"description", text(event.description)},
      {"scheduled_start_time", iso_timestamp(event.scheduled_start_ms)},
      {"scheduled_end_time", event.scheduled_end_ms
                                 ? boost::json::value(iso_timestamp(*event.scheduled_end_ms))
                                 : boost::json::value(nullptr)},
      {"privacy_level", event.privacy_level},
      {"status", event.status},
      {"entity_type", event.entity_type},
      {"entity_id", nullptr},
      {"entity_metadata", event.location
                              ? boost::json::value(boost::json::object{{"location", *event.location}})
                              : boost::json::value(nullptr)},
      {"image", text(event.image)},
      {"recurrence_rule", nullptr},
  };
  if (creator) json["creator"] = public_user_json(*creator);
  if (user_count) json["user_count"] = *user_count;
  return json;
}

}  // namespace accord
