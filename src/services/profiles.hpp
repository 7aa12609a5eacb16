#pragma once

#include <boost/json/object.hpp>

#include "services/relationships.hpp"

namespace accord {

// GET /users/:id/profile: who someone is, for people who know them (a shared guild, a friendship,
// a DM); strangers get 50001 as on Discord.
class ProfileService {
 public:
  ProfileService(ServiceContext& context, RelationshipService& relationships)
      : context_(context), relationships_(relationships) {}

  boost::json::object profile(const Caller& caller, Snowflake user_id, std::optional<Snowflake> guild_id);

 private:
  ServiceContext& context_;
  RelationshipService& relationships_;
};

}  // namespace accord
