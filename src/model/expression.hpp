#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "model/user.hpp"

namespace accord {

// A guild's custom emoji; its image is /emojis/<id>.png (or .gif when animated).
struct Emoji {
  Snowflake id = 0;
  Snowflake guild_id = 0;
  std::string name;
  bool animated = false;
  std::optional<Snowflake> user_id;  // who uploaded it
  std::vector<Snowflake> roles;      // empty: everyone may use it
};

// A guild sticker; its image is /stickers/<id>.png (format 1 PNG, 2 APNG, 4 GIF).
struct Sticker {
  Snowflake id = 0;
  Snowflake guild_id = 0;
  std::string name;
  std::string description;
  std::string tags;
  std::int64_t format_type = 1;
  std::optional<Snowflake> user_id;
};

// `creator` is shown to those who may manage expressions, as on Discord; nullptr leaves it out.
boost::json::object emoji_json(const Emoji& emoji, const User* creator);
boost::json::object sticker_json(const Sticker& sticker, const User* creator);
boost::json::object sticker_item_json(const Sticker& sticker);

}  // namespace accord
