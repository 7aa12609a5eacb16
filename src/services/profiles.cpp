#include "services/profiles.hpp"

#include <algorithm>

#include "core/api_error.hpp"
#include "core/timestamp.hpp"

namespace accord {

boost::json::object ProfileService::profile(const Caller& caller, Snowflake user_id,
                                            std::optional<Snowflake> guild_id) {
  const auto user = context_.store.find_user(user_id);
  if (!user) throw ApiError::unknown(10013, "User");
  boost::json::array mutual_guilds;
  const auto theirs = context_.store.list_user_guilds(user_id);
  for (const auto& guild : context_.store.list_user_guilds(caller.user.id)) {
    if (std::any_of(theirs.begin(), theirs.end(), [&](const Guild& other) { return other.id == guild.id; })) {
      const auto member = context_.store.find_member(guild.id, user_id);
      mutual_guilds.push_back(
          {{"id", to_string(guild.id)},
           {"nick", member && member->nick ? boost::json::value(*member->nick) : nullptr}});
    }
  }
  const bool self = user_id == caller.user.id;
  const bool known = self || !mutual_guilds.empty() || relationships_.are_friends(caller.user.id, user_id) ||
                     context_.store.find_dm(caller.user.id, user_id).has_value();
  if (!known) throw ApiError::missing_access();

  boost::json::array mutual_friends;
  if (!self) {
    for (const auto& relationship : context_.store.list_relationships(caller.user.id)) {
      if (relationship.type != relationship_type::friend_ ||
          !relationships_.are_friends(user_id, relationship.other_id))
        continue;
      if (auto friend_user = context_.store.find_user(relationship.other_id))
        mutual_friends.push_back(public_user_json(*friend_user));
    }
  }
  auto user_json = public_user_json(*user);
  user_json["bio"] = user->bio;
  boost::json::object profile{
      {"user", std::move(user_json)},
      {"user_profile",
       {{"bio", user->bio},
        {"accent_color", user->accent_color ? boost::json::value(*user->accent_color) : nullptr},
        {"banner", user->banner ? boost::json::value(*user->banner) : nullptr},
        {"pronouns", ""}}},
      {"connected_accounts", boost::json::array{}},
      {"premium_type", nullptr},
      {"premium_since", nullptr},
      {"mutual_guilds", std::move(mutual_guilds)},
      {"mutual_friends", std::move(mutual_friends)},
      {"mutual_friends_count", static_cast<std::int64_t>(mutual_friends.size())},
      {"badges", boost::json::array{}},
  };
  if (guild_id) {
    if (auto member = context_.store.find_member(*guild_id, user_id);
        member && context_.store.find_member(*guild_id, caller.user.id))
      profile["guild_member"] = member_json(*member, &*user);
  }
  return profile;
}

}  // namespace accord
