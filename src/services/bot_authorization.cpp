#include "services/bot_authorization.hpp"

#include "core/api_error.hpp"

namespace accord {

void BotAuthorizationService::authorize(const Caller& caller, Snowflake application_id, Snowflake guild_id,
                                        Permissions permissions) {
  if (caller.user.bot) throw ApiError(403, 20001, "Bots cannot use this endpoint");
  const auto application = context_.store.find_application(application_id);
  if (!application || (!application->bot_public && application->owner_id != caller.user.id)) {
    throw ApiError::unknown(10002, "Application");
  }
  if (!application->bot_user_id) throw ApiError(400, 50010, "OAuth2 application does not have a bot");
  auto membership = access_.require(guild_id, caller.user.id, permission::manage_guild);
  permissions &= permission::all;
  // You cannot hand a bot more than you hold yourself.
  if (permissions & ~membership.permissions()) throw ApiError::missing_permissions();
  const auto bot = context_.store.find_user(*application->bot_user_id);
  if (!bot) throw ApiError::unknown(10013, "User");
  if (context_.store.find_member(guild_id, bot->id)) return;

  std::vector<Snowflake> roles;
  if (permissions != 0) {
    Role role;
    role.id = context_.ids.next();
    role.guild_id = guild_id;
    role.name = bot->username;
    role.permissions = permissions;
    role.managed = true;
    role.bot_id = bot->id;
    role.position = 1;
    for (auto existing : membership.roles) {
      if (existing.id != guild_id && existing.position >= 1) {
        ++existing.position;
        context_.store.save_role(existing);
      }
    }
    context_.store.save_role(role);
    context_.bus.publish({"GUILD_ROLE_CREATE",
                          {{"guild_id", to_string(guild_id)}, {"role", role_json(role)}},
                          Audience::guild(guild_id),
                          std::nullopt,
                          intent::guilds});
    roles.push_back(role.id);
  }
  members_.join(guild_id, *bot, roles);
}

}  // namespace accord
