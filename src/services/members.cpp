#include "services/members.hpp"

#include <algorithm>

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/timestamp.hpp"

namespace accord {

void publish_member_left(EventBus& bus, Snowflake guild_id, const User& user) {
  bus.publish({"GUILD_MEMBER_REMOVE",
               {{"guild_id", to_string(guild_id)}, {"user", public_user_json(user)}},
               Audience::guild(guild_id),
               std::nullopt,
               intent::guild_members});
  // Their own sessions stop following the guild.
  bus.publish({"GUILD_DELETE", {{"id", to_string(guild_id)}}, Audience::user(user.id)});
}

Member MemberService::require_member(Snowflake guild_id, Snowflake user_id) {
  auto member = context_.store.find_member(guild_id, user_id);
  if (!member) throw ApiError::unknown(10007, "Member");
  return std::move(*member);
}

namespace {

// MEMBER_ROLE_UPDATE's changes: $add and $remove, each a list of {id, name}.
boost::json::array role_changes(const Membership& guild, const std::vector<Snowflake>& before,
                                const std::vector<Snowflake>& after) {
  auto partial = [&](Snowflake id) {
    const auto* role = guild.find_role(id);
    return boost::json::object{{"id", to_string(id)}, {"name", role ? role->name : std::string()}};
  };
  boost::json::array added, removed;
  for (auto id : after) {
    if (std::find(before.begin(), before.end(), id) == before.end()) added.push_back(partial(id));
  }
  for (auto id : before) {
    if (std::find(after.begin(), after.end(), id) == after.end()) removed.push_back(partial(id));
  }
  boost::json::array changes;
  if (!added.empty()) changes.push_back(audit_change("$add", nullptr, added));
  if (!removed.empty()) changes.push_back(audit_change("$remove", nullptr, removed));
  return changes;
}

boost::json::value optional_text(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

}  // namespace

void MemberService::require_outranks(const Membership& moderator, Snowflake target_id) {
  if (moderator.is_owner()) return;
  if (target_id == moderator.guild.owner_id) throw ApiError::missing_permissions();
  auto target = context_.store.find_member(moderator.guild.id, target_id);
  if (!target) return;
  std::int64_t target_highest = 0;
  for (auto role_id : target->role_ids) {
    if (const auto* role = moderator.find_role(role_id))
      target_highest = std::max(target_highest, role->position);
  }
  if (target_highest >= moderator.highest_position()) throw ApiError::missing_permissions();
}

void MemberService::publish_update(const Member& member) {
  const auto user = context_.store.find_user(member.user_id);
  auto json = member_json(member, user ? &*user : nullptr);
  json["guild_id"] = to_string(member.guild_id);
  context_.bus.publish({"GUILD_MEMBER_UPDATE", std::move(json), Audience::guild(member.guild_id),
                        std::nullopt, intent::guild_members});
}

boost::json::array MemberService::with_users(const std::vector<Member>& members) {
  boost::json::array list;
  for (const auto& member : members) {
    const auto user = context_.store.find_user(member.user_id);
    list.push_back(member_json(member, user ? &*user : nullptr));
  }
  return list;
}

boost::json::array MemberService::list(const Caller& caller, Snowflake guild_id, Snowflake after,
                                       std::int64_t limit) {
  access_.membership(guild_id, caller.user.id);
  return with_users(context_.store.list_members(guild_id, after, limit));
}

boost::json::array MemberService::search(const Caller& caller, Snowflake guild_id, const std::string& query,
                                         std::int64_t limit) {
  access_.membership(guild_id, caller.user.id);
  return with_users(context_.store.search_members(guild_id, query, limit));
}

boost::json::object MemberService::get(const Caller& caller, Snowflake guild_id, Snowflake user_id) {
  access_.membership(guild_id, caller.user.id);
  const auto member = require_member(guild_id, user_id);
  const auto user = context_.store.find_user(user_id);
  return member_json(member, user ? &*user : nullptr);
}

boost::json::object MemberService::modify(const Caller& caller, Snowflake guild_id, Snowflake user_id,
                                          const boost::json::value& body) {
  auto moderator = access_.membership(guild_id, caller.user.id);
  auto member = require_member(guild_id, user_id);
  const auto before = member;
  const auto granted = moderator.permissions();
  auto need = [&](Permissions wanted) {
    if (!has(granted, wanted)) throw ApiError::missing_permissions();
  };
  FormReader form(body);
  if (form.has("nick")) {
    need(user_id == caller.user.id ? permission::change_nickname : permission::manage_nicknames);
    if (user_id != caller.user.id) require_outranks(moderator, user_id);
    member.nick = form.optional_string("nick", 0, 32);
    if (member.nick && member.nick->empty()) member.nick.reset();
  }
  if (form.has("roles") && !form.is_null("roles")) {
    need(permission::manage_roles);
    const auto& list = body.as_object().at("roles");
    std::vector<Snowflake> roles;
    if (!list.is_array()) {
      form.fail("roles", "BASE_TYPE_ARRAY", "Must be an array.");
    } else {
      for (const auto& value : list.as_array()) {
        auto id = value.is_string() ? parse_snowflake(value.as_string()) : std::nullopt;
        const auto* role = id ? moderator.find_role(*id) : nullptr;
        if (!role || role->id == guild_id) {
          form.fail("roles", "ROLE_INVALID", "Unknown role in this guild.");
          break;
        }
        roles.push_back(*id);
      }
    }
    // Every role added or removed must sit below the moderator's highest, and managed roles stay put.
    std::vector<Snowflake> touched;
    for (auto id : roles) {
      if (std::find(member.role_ids.begin(), member.role_ids.end(), id) == member.role_ids.end())
        touched.push_back(id);
    }
    for (auto id : member.role_ids) {
      if (std::find(roles.begin(), roles.end(), id) == roles.end()) touched.push_back(id);
    }
    for (auto id : touched) {
      const auto* role = moderator.find_role(id);
      if (!role) continue;
      if (role->managed || (!moderator.is_owner() && role->position >= moderator.highest_position())) {
        throw ApiError::missing_permissions();
      }
    }
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    member.role_ids = roles;
  }
  if (auto mute = form.optional_bool("mute")) {
    need(permission::mute_members);
    member.mute = *mute;
  }
  if (auto deaf = form.optional_bool("deaf")) {
    need(permission::deafen_members);
    member.deaf = *deaf;
  }
  if (form.has("communication_disabled_until")) {
    need(permission::moderate_members);
    require_outranks(moderator, user_id);
    auto until = form.optional_string("communication_disabled_until", 0, 40);
    if (!until) {
      member.communication_disabled_until_ms.reset();
    } else if (auto ms = parse_iso_timestamp(*until)) {
      if (*ms > context_.clock.now_ms() + 28LL * 24 * 3600 * 1000) {
        form.fail("communication_disabled_until", "COMMUNICATION_DISABLED_TOO_LONG",
                  "Timeouts can last at most 28 days.");
      }
      member.communication_disabled_until_ms = *ms;
    } else {
      form.fail("communication_disabled_until", "DATE_TIME_INVALID", "Not an ISO 8601 timestamp.");
    }
  }
  form.finish();
  context_.store.save_member(member);
  publish_update(member);
  boost::json::array changes;
  if (member.nick != before.nick)
    changes.push_back(audit_change("nick", optional_text(before.nick), optional_text(member.nick)));
  if (member.mute != before.mute) changes.push_back(audit_change("mute", before.mute, member.mute));
  if (member.deaf != before.deaf) changes.push_back(audit_change("deaf", before.deaf, member.deaf));
  if (member.communication_disabled_until_ms != before.communication_disabled_until_ms) {
    auto at = [](const std::optional<std::int64_t>& ms) {
      return ms ? boost::json::value(iso_timestamp(*ms)) : boost::json::value(nullptr);
    };
    changes.push_back(audit_change("communication_disabled_until", at(before.communication_disabled_until_ms),
                                   at(member.communication_disabled_until_ms)));
  }
  if (!changes.empty())
    audit_log_.record(caller, guild_id, audit_action::member_update, user_id, std::move(changes));
  if (auto roles = role_changes(moderator, before.role_ids, member.role_ids); !roles.empty())
    audit_log_.record(caller, guild_id, audit_action::member_role_update, user_id, std::move(roles));
  const auto user = context_.store.find_user(user_id);
  return member_json(member, user ? &*user : nullptr);
}

boost::json::object MemberService::modify_me(const Caller& caller, Snowflake guild_id,
                                             const boost::json::value& body) {
  // A member's own avatar in this guild (a data URI, or null to show their account's again).
  const auto* object = body.if_object();
  if (object && object->contains("avatar")) {
    const auto& value = object->at("avatar");
    if (!value.is_null() && !value.is_string())
      throw ApiError::invalid_field("avatar", "IMAGE_INVALID", "Invalid image data.");
    auto member = require_member(guild_id, caller.user.id);
    member.avatar = value.is_null()
                        ? std::nullopt
                        : std::optional(media_.save_image("member-avatars/" + to_string(guild_id),
                                                          caller.user.id, value.as_string(), "avatar",
                                                          context_.config.get()->limits.max_image_bytes));
    context_.store.save_member(member);
    boost::json::object rest = *object;
    rest.erase("avatar");
    if (rest.empty()) {
      publish_update(member);
      return member_json(member, &caller.user);
    }
    return modify(caller, guild_id, caller.user.id, rest);
  }
  return modify(caller, guild_id, caller.user.id, body);
}

void MemberService::add_role(const Caller& caller, Snowflake guild_id, Snowflake user_id, Snowflake role_id) {
  auto moderator = access_.require(guild_id, caller.user.id, permission::manage_roles);
  auto member = require_member(guild_id, user_id);
  const auto* role = moderator.find_role(role_id);
  if (!role || role_id == guild_id) throw ApiError::unknown(10011, "Role");
  if (role->managed || (!moderator.is_owner() && role->position >= moderator.highest_position())) {
    throw ApiError::missing_permissions();
  }
  if (std::find(member.role_ids.begin(), member.role_ids.end(), role_id) != member.role_ids.end()) return;
  member.role_ids.push_back(role_id);
  std::sort(member.role_ids.begin(), member.role_ids.end());
  context_.store.save_member(member);
  publish_update(member);
  audit_log_.record(caller, guild_id, audit_action::member_role_update, user_id,
                    role_changes(moderator, {}, {role_id}));
}

void MemberService::remove_role(const Caller& caller, Snowflake guild_id, Snowflake user_id,
                                Snowflake role_id) {
  auto moderator = access_.require(guild_id, caller.user.id, permission::manage_roles);
  auto member = require_member(guild_id, user_id);
  const auto* role = moderator.find_role(role_id);
  if (!role || role_id == guild_id) throw ApiError::unknown(10011, "Role");
  if (role->managed || (!moderator.is_owner() && role->position >= moderator.highest_position())) {
    throw ApiError::missing_permissions();
  }
  if (std::erase(member.role_ids, role_id) == 0) return;
  context_.store.save_member(member);
  publish_update(member);
  audit_log_.record(caller, guild_id, audit_action::member_role_update, user_id,
                    role_changes(moderator, {role_id}, {}));
}

void MemberService::kick(const Caller& caller, Snowflake guild_id, Snowflake user_id) {
  auto moderator = access_.require(guild_id, caller.user.id, permission::kick_members);
  require_member(guild_id, user_id);
  require_outranks(moderator, user_id);
  context_.store.remove_member(guild_id, user_id);
  const auto user = context_.store.find_user(user_id);
  publish_member_left(context_.bus, guild_id, *user);
  audit_log_.record(caller, guild_id, audit_action::member_kick, user_id);
}

boost::json::array MemberService::list_bans(const Caller& caller, Snowflake guild_id) {
  access_.require(guild_id, caller.user.id, permission::ban_members);
  boost::json::array list;
  for (const auto& ban : context_.store.list_bans(guild_id)) {
    const auto user = context_.store.find_user(ban.user_id);
    if (!user) continue;
    list.push_back({{"user", public_user_json(*user)},
                    {"reason", ban.reason ? boost::json::value(*ban.reason) : nullptr}});
  }
  return list;
}

boost::json::object MemberService::get_ban(const Caller& caller, Snowflake guild_id, Snowflake user_id) {
  access_.require(guild_id, caller.user.id, permission::ban_members);
  const auto ban = context_.store.find_ban(guild_id, user_id);
  const auto user = context_.store.find_user(user_id);
  if (!ban || !user) throw ApiError::unknown(10026, "Ban");
  return {{"user", public_user_json(*user)},
          {"reason", ban->reason ? boost::json::value(*ban->reason) : nullptr}};
}

void MemberService::ban(const Caller& caller, Snowflake guild_id, Snowflake user_id,
                        const boost::json::value& body, std::optional<std::string> reason) {
  auto moderator = access_.require(guild_id, caller.user.id, permission::ban_members);
  FormReader form(body);
  auto delete_seconds = form.optional_int("delete_message_seconds", 0, 604800);
  auto delete_days = form.optional_int("delete_message_days", 0, 7);
  form.finish();
  const auto user = context_.store.find_user(user_id);
  if (!user) throw ApiError::unknown(10013, "User");
  require_outranks(moderator, user_id);

  const bool was_member = context_.store.find_member(guild_id, user_id).has_value();
  context_.store.save_ban({guild_id, user_id, std::move(reason)});
  if (was_member) context_.store.remove_member(guild_id, user_id);

  const auto seconds = delete_seconds.value_or(delete_days.value_or(0) * 86400);
  if (seconds > 0) {
    const auto since = snowflake_at(context_.clock.now_ms() - seconds * 1000);
    for (const auto& channel : context_.store.list_channels(guild_id)) {
      std::vector<Snowflake> doomed;
      for (const auto& message :
           context_.store.list_messages(channel.id, {std::nullopt, since, std::nullopt, 10000})) {
        if (message.author_id == user_id) doomed.push_back(message.id);
      }
      if (doomed.empty()) continue;
      context_.store.delete_messages(channel.id, doomed);
      boost::json::array ids;
      for (auto id : doomed) ids.push_back(boost::json::value(to_string(id)));
      context_.bus.publish(
          {"MESSAGE_DELETE_BULK",
           {{"ids", ids}, {"channel_id", to_string(channel.id)}, {"guild_id", to_string(guild_id)}},
           Audience::guild(guild_id),
           channel.id,
           intent::guild_messages});
    }
  }
  context_.bus.publish({"GUILD_BAN_ADD",
                        {{"guild_id", to_string(guild_id)}, {"user", public_user_json(*user)}},
                        Audience::guild(guild_id),
                        std::nullopt,
                        intent::guild_moderation});
  if (was_member) {
    publish_member_left(context_.bus, guild_id, *user);
  }
  audit_log_.record(caller, guild_id, audit_action::member_ban_add, user_id);
}

void MemberService::unban(const Caller& caller, Snowflake guild_id, Snowflake user_id) {
  access_.require(guild_id, caller.user.id, permission::ban_members);
  if (!context_.store.find_ban(guild_id, user_id)) throw ApiError::unknown(10026, "Ban");
  context_.store.delete_ban(guild_id, user_id);
  const auto user = context_.store.find_user(user_id);
  context_.bus.publish({"GUILD_BAN_REMOVE",
                        {{"guild_id", to_string(guild_id)}, {"user", public_user_json(*user)}},
                        Audience::guild(guild_id),
                        std::nullopt,
                        intent::guild_moderation});
  audit_log_.record(caller, guild_id, audit_action::member_ban_remove, user_id);
}

bool MemberService::join(Snowflake guild_id, const User& user, std::vector<Snowflake> role_ids) {
  if (context_.store.find_ban(guild_id, user.id))
    throw ApiError(403, 40007, "The user is banned from this guild.");
  if (context_.store.find_member(guild_id, user.id)) return false;
  const auto limit = context_.config.get()->limits.max_guilds_per_user;
  if (static_cast<std::int64_t>(context_.store.list_user_guilds(user.id).size()) >= limit) {
    throw ApiError(400, 30001, "Maximum number of guilds reached (" + std::to_string(limit) + ")");
  }
  const auto member_limit = context_.config.get()->limits.max_members_per_guild;
  if (context_.store.count_members(guild_id) >= member_limit) {
    throw ApiError(400, 30019,
                   "Maximum number of server members reached (" + std::to_string(member_limit) + ")");
  }
  Member member;
  member.guild_id = guild_id;
  member.user_id = user.id;
  member.joined_at_ms = context_.clock.now_ms();
  member.role_ids = std::move(role_ids);
  context_.store.save_member(member);
  auto json = member_json(member, &user);
  json["guild_id"] = to_string(guild_id);
  context_.bus.publish(
      {"GUILD_MEMBER_ADD", std::move(json), Audience::guild(guild_id), std::nullopt, intent::guild_members});
  context_.bus.publish({"GUILD_CREATE", {{"id", to_string(guild_id)}}, Audience::user(user.id)});
  return true;
}

}  // namespace accord
