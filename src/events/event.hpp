#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "core/snowflake.hpp"

namespace accord {

// Who an event is for. Gateway sessions subscribe to the audiences they belong to: themselves,
// each guild they are in, each private channel they are in.
struct Audience {
  enum class Kind : std::uint8_t { user, guild, channel };
  Kind kind;
  Snowflake id;

  static Audience user(Snowflake id) { return {Kind::user, id}; }
  static Audience guild(Snowflake id) { return {Kind::guild, id}; }
  static Audience channel(Snowflake id) { return {Kind::channel, id}; }

  bool operator==(const Audience&) const = default;
};

// A dispatch as the gateway will send it: `name` is the `t` field, `payload` the `d` field.
struct Event {
  std::string name;
  boost::json::value payload;
  Audience audience;
};

}  // namespace accord

template <>
struct std::hash<accord::Audience> {
  std::size_t operator()(const accord::Audience& audience) const noexcept {
    return std::hash<std::uint64_t>{}(audience.id) ^ (static_cast<std::size_t>(audience.kind) << 61);
  }
};
