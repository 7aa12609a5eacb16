#include "model/expression.hpp"

#include <boost/json/array.hpp>

namespace accord {

boost::json::object emoji_json(const Emoji& emoji, const User* creator) {
  boost::json::array roles;
  for (auto id : emoji.roles) roles.push_back(boost::json::value(to_string(id)));
  boost::json::object json{
      {"id", to_string(emoji.id)}, {"name", emoji.name}, {"roles", std::move(roles)},
      {"require_colons", true},    {"managed", false},   {"animated", emoji.animated},
      {"available", true},
  };
  if (creator) json["user"] = public_user_json(*creator);
  return json;
}

boost::json::object sticker_json(const Sticker& sticker, const User* creator) {
  boost::json::object json{
      {"id", to_string(sticker.id)},
      {"name", sticker.name},
      {"description", sticker.description},
      {"tags", sticker.tags},
      {"type", 2},  // GUILD
      {"format_type", sticker.format_type},
      {"available", true},
      {"guild_id", to_string(sticker.guild_id)},
  };
  if (creator) json["user"] = public_user_json(*creator);
  return json;
}

boost::json::object sticker_item_json(const Sticker& sticker) {
  return {{"id", to_string(sticker.id)}, {"name", sticker.name}, {"format_type", sticker.format_type}};
}

}  // namespace accord
