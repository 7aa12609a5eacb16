#include "services/roles.hpp"

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {

void RoleService::publish(const char* name, const Role& role) {
  context_.bus.publish({name,
                        {{"guild_id", to_string(role.guild_id)}, {"role", role_json(role)}},
                        Audience::guild(role.guild_id),
                        std::nullopt,
                        intent::guilds});
}

std::optional<std::optional<std::string>> RoleService::apply_fields(FormReader& form,
                                                                    const boost::json::value& body,
                                                                    const Membership& editor, Role& role) {
  if (auto name = form.optional_string("name", 1, 100)) role.name = *name;
  if (auto color = form.optional_int("color", 0, 0xFFFFFF)) role.color = *color;
  if (form.has("colors") && !form.is_null("colors")) {
    const auto* colors = body.as_object().at("colors").if_object();
    const auto* primary = colors ? colors->if_contains("primary_color") : nullptr;
    if (primary && primary->is_int64() && primary->as_int64() >= 0 && primary->as_int64() <= 0xFFFFFF) {
      role.color = primary->as_int64();
    } else {
      form.fail("colors", "COLORS_INVALID", "colors.primary_color must be between 0 and 16777215.");
    }
  }
  if (auto hoist = form.optional_bool("hoist")) role.hoist = *hoist;
  if (auto mentionable = form.optional_bool("mentionable")) role.mentionable = *mentionable;
  if (form.has("permissions") && !form.is_null("permissions")) {
    const auto bits = permission_value(body.as_object().at("permissions"));
    if (!bits) {
      form.fail("permissions", "PERMISSIONS_INVALID", "Not a permission bitfield.");
    } else {
      const auto wanted = *bits & permission::all;
      // Adding bits you lack is escalation; keeping bits the role already had is not.
      if ((wanted & ~role.permissions) & ~editor.permissions()) throw ApiError::missing_permissions();
      role.permissions = wanted;
    }
  }
  if (form.has("unicode_emoji")) role.unicode_emoji = form.optional_string("unicode_emoji", 1, 32);
  if (form.has("icon")) return form.optional_string("icon", 1, 64 * 1024 * 1024);
  return std::nullopt;
}

void RoleService::store_icon(Role& role, const std::optional<std::optional<std::string>>& icon) {
  if (!icon) return;
  role.icon = *icon ? std::optional(media_.save_image("role-icons", role.id, **icon, "icon",
                                                      context_.config.get()->limits.max_image_bytes))
                    : std::nullopt;
}

boost::json::array RoleService::list(const Caller& caller, Snowflake guild_id) {
  boost::json::array list;
  for (const auto& role : access_.membership(guild_id, caller.user.id).roles) list.push_back(role_json(role));
  return list;
}

boost::json::object RoleService::create(const Caller& caller, Snowflake guild_id,
                                        const boost::json::value& body) {
  auto editor = access_.require(guild_id, caller.user.id, permission::manage_roles);
  if (static_cast<std::int64_t>(editor.roles.size()) >= context_.config.get()->limits.max_roles_per_guild) {
    throw ApiError(400, 30005,
                   "Maximum number of guild roles reached (" +
                       std::to_string(context_.config.get()->limits.max_roles_per_guild) + ")");
  }
  Role role;
  role.id = context_.ids.next();
  role.guild_id = guild_id;
  role.name = "new role";
  role.position = 1;
  // New roles sit just above @everyone; everything else moves up one.
  FormReader form(body);
  const auto icon = apply_fields(form, body, editor, role);
  form.finish();
  store_icon(role, icon);
  for (auto existing : editor.roles) {
    if (existing.id != guild_id && existing.position >= 1) {
      ++existing.position;
      context_.store.save_role(existing);
    }
  }
  context_.store.save_role(role);
  publish("GUILD_ROLE_CREATE", role);
  audit_log_.record(
      caller, guild_id, audit_action::role_create, role.id,
      audit_changes({}, role_json(role),
                    {"name", "color", "hoist", "mentionable", "permissions", "icon", "unicode_emoji"}));
  return role_json(role);
}

boost::json::object RoleService::modify(const Caller& caller, Snowflake guild_id, Snowflake role_id,
                                        const boost::json::value& body) {
  auto editor = access_.require(guild_id, caller.user.id, permission::manage_roles);
  const auto* found = editor.find_role(role_id);
  if (!found) throw ApiError::unknown(10011, "Role");
  if (!editor.is_owner() && found->position >= editor.highest_position())
    throw ApiError::missing_permissions();
  auto role = *found;
  FormReader form(body);
  const auto icon = apply_fields(form, body, editor, role);
  form.finish();
  store_icon(role, icon);
  context_.store.save_role(role);
  publish("GUILD_ROLE_UPDATE", role);
  if (auto changes =
          audit_changes(role_json(*found), role_json(role),
                        {"name", "color", "hoist", "mentionable", "permissions", "icon", "unicode_emoji"});
      !changes.empty())
    audit_log_.record(caller, guild_id, audit_action::role_update, role.id, std::move(changes));
  return role_json(role);
}

void RoleService::remove(const Caller& caller, Snowflake guild_id, Snowflake role_id) {
  auto editor = access_.require(guild_id, caller.user.id, permission::manage_roles);
  const auto* role = editor.find_role(role_id);
  if (!role) throw ApiError::unknown(10011, "Role");
  if (role_id == guild_id || role->managed) throw ApiError(400, 50028, "Invalid Role");
  if (!editor.is_owner() && role->position >= editor.highest_position())
    throw ApiError::missing_permissions();
  const auto gone = role_json(*role);
  context_.store.delete_role(role_id);
  audit_log_.record(
      caller, guild_id, audit_action::role_delete, role_id,
      audit_changes(gone, {},
                    {"name", "color", "hoist", "mentionable", "permissions", "icon", "unicode_emoji"}));
  context_.bus.publish({"GUILD_ROLE_DELETE",
                        {{"guild_id", to_string(guild_id)}, {"role_id", to_string(role_id)}},
                        Audience::guild(guild_id),
                        std::nullopt,
                        intent::guilds});
}

boost::json::array RoleService::reorder(const Caller& caller, Snowflake guild_id,
                                        const boost::json::value& body) {
  auto editor = access_.require(guild_id, caller.user.id, permission::manage_roles);
  if (!body.is_array()) throw ApiError::invalid_field("_errors", "BASE_TYPE_ARRAY", "Must be an array.");
  FormErrors errors;
  std::vector<Role> changed;
  for (std::size_t i = 0; i < body.as_array().size(); ++i) {
    const auto* item = body.as_array()[i].if_object();
    const auto* id_value = item ? item->if_contains("id") : nullptr;
    auto id = id_value && id_value->is_string() ? parse_snowflake(id_value->as_string()) : std::nullopt;
    const auto* role = id ? editor.find_role(*id) : nullptr;
    const auto* position = item ? item->if_contains("position") : nullptr;
    if (!role || *id == guild_id || !position || !position->is_int64() || position->as_int64() < 1) {
      errors.add({std::to_string(i)}, "ROLE_INVALID", "Unknown role or position.");
      continue;
    }
    // Moving a role at or above your own, or to at or above your own, is moving past yourself.
    if (!editor.is_owner() &&
        (role->position >= editor.highest_position() || position->as_int64() >= editor.highest_position())) {
      throw ApiError::missing_permissions();
    }
    auto moved = *role;
    moved.position = position->as_int64();
    changed.push_back(moved);
  }
  errors.throw_if_any();
  for (const auto& role : changed) {
    context_.store.save_role(role);
    publish("GUILD_ROLE_UPDATE", role);
  }
  boost::json::array list;
  for (const auto& role : context_.store.list_roles(guild_id)) list.push_back(role_json(role));
  return list;
}

}  // namespace accord
