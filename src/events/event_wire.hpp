#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "events/event.hpp"

namespace accord {

// How an Event travels between nodes: a NATS subject naming its audience and a JSON body with the
// rest. Encoded once by the publishing node, decoded once by each receiving node.
namespace event_wire {

// "<prefix>.<g|c|u>.<id>": one subject per audience, so a node subscribes only to its sessions' own.
std::string subject(std::string_view prefix, const Audience& audience);
// The audience named by the last two tokens of a subject; nullopt for anything else.
std::optional<Audience> audience_of(std::string_view subject);

std::string encode(const Event& event);
// nullopt for a body this version cannot read (a newer node's, or garbage): dropped, never thrown.
std::optional<Event> decode(std::string_view body, const Audience& audience);

}  // namespace event_wire
}  // namespace accord
