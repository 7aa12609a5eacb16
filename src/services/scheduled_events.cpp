#include "services/scheduled_events.hpp"

#include "core/form.hpp"
#include "core/timestamp.hpp"

namespace accord {
namespace {

constexpr std::uint64_t guild_scheduled_events_intent = 1 << 16;
constexpr std::size_t max_open_events = 100;

}  // namespace

bool event_visible_to(Store& store, const Membership& membership, const ScheduledEvent& event) {
  if (!event.channel_id) return true;
  const auto channel = store.find_channel(*event.channel_id);
  return channel && has(membership.permissions_in(*channel), permission::view_channel);
}

ScheduledEvent ScheduledEventService::require_visible(const Membership& membership, Snowflake guild_id,
                                                      Snowflake event_id) {
  auto event = context_.store.find_scheduled_event(event_id);
  if (!event || event->guild_id != guild_id || !event_visible_to(context_.store, membership, *event))
    throw ApiError::unknown(10070, "Guild Scheduled Event");
  return std::move(*event);
}

void ScheduledEventService::require_manager(const Membership& membership, const ScheduledEvent& event) {
  const auto permissions = membership.permissions();
  const bool creator =
      event.creator_id == membership.member.user_id && has(permissions, permission::create_events);
  if (!creator && !has(permissions, permission::manage_events)) throw ApiError::missing_permissions();
}

boost::json::object ScheduledEventService::to_json(const ScheduledEvent& event, bool with_user_count) {
  const auto creator = event.creator_id ? context_.store.find_user(*event.creator_id) : std::nullopt;
  return scheduled_event_json(
      event, creator,
      with_user_count ? std::optional(context_.store.count_event_users(event.id)) : std::nullopt);
}

void ScheduledEventService::publish(const char* event_name, const ScheduledEvent& event) {
  context_.bus.publish({event_name, to_json(event, false), Audience::guild(event.guild_id), event.channel_id,
                        guild_scheduled_events_intent});
}

void ScheduledEventService::read_fields(const boost::json::value& body, ScheduledEvent& event,
                                        const Membership& membership, bool creating) {
  FormReader form(body);
  if (auto name = creating ? form.required_string("name", 1, 100) : form.optional_string("name", 1, 100))
    event.name = *name;
  if (form.has("description")) event.description = form.optional_string("description", 0, 1000);
  if (auto level = form.optional_int("privacy_level", 1, 2)) {
    if (*level != 2) form.fail("privacy_level", "BASE_TYPE_CHOICES", "Value must be one of {2}.");
  }
  auto time = [&](const char* key, bool required) -> std::optional<std::optional<std::int64_t>> {
    if (!form.has(key)) {
      if (required) form.fail(key, "BASE_TYPE_REQUIRED", "This field is required");
      return std::nullopt;
    }
    if (form.is_null(key)) return std::optional<std::int64_t>();
    auto text = form.optional_string(key, 1, 40);
    auto at = text ? parse_iso_timestamp(*text) : std::nullopt;
    if (!at) form.fail(key, "DATE_TYPE_PARSE", "Could not parse the date.");
    return at;
  };
  if (auto start = time("scheduled_start_time", creating); start && *start) {
    if (**start < context_.clock.now_ms() && (creating || event.status == event_status::scheduled))
      form.fail("scheduled_start_time", "GUILD_SCHEDULED_EVENT_SCHEDULED_START_TIME_IN_PAST",
                "Cannot schedule event in the past.");
    event.scheduled_start_ms = **start;
  }
  if (auto end = time("scheduled_end_time", false)) event.scheduled_end_ms = *end;
  if (auto type = form.optional_int("entity_type", 1, 3)) {
    event.entity_type = *type;
  } else if (creating) {
    form.fail("entity_type", "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (form.has("channel_id")) {
    event.channel_id =
        form.is_null("channel_id") ? std::nullopt : snowflake_value(body.as_object().at("channel_id"));
  }
  if (form.has("entity_metadata") && !form.is_null("entity_metadata")) {
    const auto* metadata = body.as_object().at("entity_metadata").if_object();
    const auto* location = metadata ? metadata->if_contains("location") : nullptr;
    if (location && location->is_string() && !location->as_string().empty() &&
        location->as_string().size() <= 100) {
      event.location = std::string(location->as_string());
    } else if (location) {
      form.errors().add({"entity_metadata", "location"}, "BASE_TYPE_BAD_LENGTH",
                        "Must be between 1 and 100 in length.");
    }
  }
  std::optional<std::int64_t> status;
  if (!creating) status = form.optional_int("status", 1, 4);
  // The shape each kind of event needs: a voice or stage channel it can be held in, or a place and an end.
  if (event.entity_type == event_entity::external) {
    event.channel_id.reset();
    if (!event.location) form.fail("entity_metadata", "BASE_TYPE_REQUIRED", "A location is required.");
    if (!event.scheduled_end_ms)
      form.fail("scheduled_end_time", "BASE_TYPE_REQUIRED", "This field is required");
  } else {
    event.location.reset();
    const auto channel = event.channel_id ? context_.store.find_channel(*event.channel_id) : std::nullopt;
    const auto wanted =
        event.entity_type == event_entity::voice ? ChannelType::guild_voice : ChannelType::guild_stage_voice;
    if (!channel || channel->guild_id != membership.guild.id || channel->type != wanted) {
      form.fail("channel_id", "CHANNEL_INVALID", "Unknown channel of the right type in this guild.");
    } else if (!has(membership.permissions_in(*channel), permission::view_channel | permission::connect)) {
      throw ApiError::missing_permissions();
    }
  }
  if (event.scheduled_end_ms && *event.scheduled_end_ms < event.scheduled_start_ms)
    form.fail("scheduled_end_time", "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
              "The end must come after the start.");
  form.finish();
  if (status && *status != event.status) {
    const bool allowed = (event.status == event_status::scheduled &&
                          (*status == event_status::active || *status == event_status::canceled)) ||
                         (event.status == event_status::active && *status == event_status::completed);
    if (!allowed)
      throw ApiError::invalid_field("status", "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
                                    "Cannot move the event to that status.");
    event.status = *status;
  }
}

boost::json::array ScheduledEventService::list(const Caller& caller, Snowflake guild_id,
                                               bool with_user_count) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  boost::json::array list;
  for (const auto& event : context_.store.list_scheduled_events(guild_id)) {
    if (event_visible_to(context_.store, membership, event)) list.push_back(to_json(event, with_user_count));
  }
  return list;
}

boost::json::object ScheduledEventService::get(const Caller& caller, Snowflake guild_id, Snowflake event_id,
                                               bool with_user_count) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  return to_json(require_visible(membership, guild_id, event_id), with_user_count);
}

boost::json::object ScheduledEventService::create(const Caller& caller, Snowflake guild_id,
                                                  const boost::json::value& body) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  if (!(membership.permissions() & (permission::create_events | permission::manage_events)))
    throw ApiError::missing_permissions();
  if (!body.is_object())
    throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  ScheduledEvent event;
  event.id = context_.ids.next();
  event.guild_id = guild_id;
  event.creator_id = caller.user.id;
  read_fields(body, event, membership, true);
  std::size_t open = 0;
  for (const auto& other : context_.store.list_scheduled_events(guild_id)) {
    open += other.status == event_status::scheduled || other.status == event_status::active ? 1 : 0;
  }
  if (open >= max_open_events)
    throw ApiError(400, 30038, "Maximum number of uncompleted guild scheduled events reached (100)");
  context_.store.save_scheduled_event(event);
  auto json = to_json(event, false);
  publish("GUILD_SCHEDULED_EVENT_CREATE", event);
  audit_log_.record(caller, guild_id, audit_action::scheduled_event_create, event.id,
                    audit_changes({}, json, {"name", "description", "entity_type", "channel_id", "status"}));
  return json;
}

boost::json::object ScheduledEventService::modify(const Caller& caller, Snowflake guild_id,
                                                  Snowflake event_id, const boost::json::value& body) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  auto event = require_visible(membership, guild_id, event_id);
  require_manager(membership, event);
  if (event.status == event_status::completed || event.status == event_status::canceled)
    throw ApiError(400, 180000, "Cannot update a finished event");
  if (!body.is_object())
    throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  const auto before = to_json(event, false);
  read_fields(body, event, membership, false);
  context_.store.save_scheduled_event(event);
  auto json = to_json(event, false);
  publish("GUILD_SCHEDULED_EVENT_UPDATE", event);
  if (auto changes = audit_changes(before, json,
                                   {"name", "description", "scheduled_start_time", "scheduled_end_time",
                                    "entity_type", "channel_id", "status"});
      !changes.empty())
    audit_log_.record(caller, guild_id, audit_action::scheduled_event_update, event.id, std::move(changes));
  return json;
}

void ScheduledEventService::remove(const Caller& caller, Snowflake guild_id, Snowflake event_id) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  const auto event = require_visible(membership, guild_id, event_id);
  require_manager(membership, event);
  context_.store.delete_scheduled_event(event_id);
  publish("GUILD_SCHEDULED_EVENT_DELETE", event);
  audit_log_.record(caller, guild_id, audit_action::scheduled_event_delete, event_id,
                    audit_changes(to_json(event, false), {}, {"name", "entity_type"}));
}

boost::json::array ScheduledEventService::users(const Caller& caller, Snowflake guild_id, Snowflake event_id,
                                                Snowflake after, std::optional<Snowflake> before,
                                                std::int64_t limit, bool with_member) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  require_visible(membership, guild_id, event_id);
  boost::json::array list;
  const auto ids = context_.store.list_event_users(event_id, after, before, limit);
  for (const auto& user : context_.store.find_users(ids)) {
    boost::json::object entry{{"guild_scheduled_event_id", to_string(event_id)},
                              {"user", public_user_json(user)}};
    if (with_member) {
      if (auto member = context_.store.find_member(guild_id, user.id))
        entry["member"] = member_json(*member, nullptr);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

void ScheduledEventService::set_interest(const Caller& caller, Snowflake guild_id, Snowflake event_id,
                                         bool interested) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  const auto event = require_visible(membership, guild_id, event_id);
  const bool changed = interested ? context_.store.add_event_user(event_id, caller.user.id)
                                  : context_.store.remove_event_user(event_id, caller.user.id);
  if (!changed) return;
  context_.bus.publish({interested ? "GUILD_SCHEDULED_EVENT_USER_ADD" : "GUILD_SCHEDULED_EVENT_USER_REMOVE",
                        {{"guild_scheduled_event_id", to_string(event_id)},
                         {"user_id", to_string(caller.user.id)},
                         {"guild_id", to_string(guild_id)}},
                        Audience::guild(guild_id),
                        event.channel_id,
                        guild_scheduled_events_intent});
}

}  // namespace accord
