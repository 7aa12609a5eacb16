#include "events/event_wire.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace accord::event_wire {
namespace {

char kind_letter(Audience::Kind kind) {
  switch (kind) {
    case Audience::Kind::guild:
      return 'g';
    case Audience::Kind::channel:
      return 'c';
    case Audience::Kind::voice_servers:
      return 'v';
    case Audience::Kind::user:
      break;
  }
  return 'u';
}

std::optional<std::uint64_t> unsigned_field(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (!value) return 0;
  if (value->is_uint64()) return value->as_uint64();
  if (value->is_int64() && value->as_int64() >= 0) return static_cast<std::uint64_t>(value->as_int64());
  return std::nullopt;
}

}  // namespace

std::string subject(std::string_view prefix, const Audience& audience) {
  std::string text(prefix);
  text += '.';
  text += kind_letter(audience.kind);
  text += '.';
  text += to_string(audience.id);
  return text;
}

std::optional<Audience> audience_of(std::string_view subject) {
  const auto last_dot = subject.rfind('.');
  if (last_dot == std::string_view::npos || last_dot < 2 || subject[last_dot - 2] != '.') return std::nullopt;
  const auto id = parse_snowflake(subject.substr(last_dot + 1));
  if (!id) return std::nullopt;
  switch (subject[last_dot - 1]) {
    case 'g':
      return Audience::guild(*id);
    case 'c':
      return Audience::channel(*id);
    case 'u':
      return Audience::user(*id);
    case 'v':
      return Audience::voice_servers();
    default:
      return std::nullopt;
  }
}

std::string encode(const Event& event) {
  boost::json::object body{{"t", event.name}, {"d", event.payload}};
  if (event.channel_id) body["channel_id"] = to_string(*event.channel_id);
  if (event.intent != 0) body["intent"] = event.intent;
  if (event.required_permission != 0) body["permission"] = event.required_permission;
  if (!event.session_id.empty()) body["session_id"] = event.session_id;
  return boost::json::serialize(body);
}

std::optional<Event> decode(std::string_view body, const Audience& audience) {
  boost::system::error_code error;
  auto parsed = boost::json::parse(body, error);
  if (error || !parsed.is_object()) return std::nullopt;
  auto& object = parsed.as_object();
  const auto* name = object.if_contains("t");
  const auto* payload = object.if_contains("d");
  if (!name || !name->is_string() || !payload) return std::nullopt;
  Event event;
  event.name = name->as_string();
  event.payload = std::move(object["d"]);
  event.audience = audience;
  if (const auto* channel = object.if_contains("channel_id")) {
    if (!channel->is_string()) return std::nullopt;
    event.channel_id = parse_snowflake(channel->as_string());
    if (!event.channel_id) return std::nullopt;
  }
  const auto intent = unsigned_field(object, "intent");
  const auto permission = unsigned_field(object, "permission");
  if (!intent || !permission) return std::nullopt;
  event.intent = *intent;
  event.required_permission = *permission;
  if (const auto* session = object.if_contains("session_id")) {
    if (!session->is_string()) return std::nullopt;
    event.session_id = session->as_string();
  }
  return event;
}

}  // namespace accord::event_wire
