#include "services/expressions.hpp"

#include <cctype>

#include "cdn/images.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"
#include "events/event.hpp"
#include "perm/permissions.hpp"

namespace accord {
namespace {

bool valid_emoji_name(const std::string& name) {
  if (name.size() < 2 || name.size() > 32) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

std::vector<Snowflake> read_roles(FormReader& form, const boost::json::value& body,
                                  const Membership& membership) {
  std::vector<Snowflake> roles;
  if (!form.has("roles") || form.is_null("roles")) return roles;
  const auto* list = body.as_object().at("roles").if_array();
  if (!list) {
    form.fail("roles", "BASE_TYPE_ARRAY", "Must be an array.");
    return roles;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* text = (*list)[i].if_string();
    auto id = text ? parse_snowflake(*text) : std::nullopt;
    if (!id || !membership.find_role(*id)) {
      form.errors().add({"roles", std::to_string(i)}, "UNKNOWN_ROLE", "Unknown role.");
    } else {
      roles.push_back(*id);
    }
  }
  return roles;
}

}  // namespace

void ExpressionService::require_manage(const Membership& membership, std::optional<Snowflake> creator) {
  const auto permissions = membership.permissions();
  if (has(permissions, permission::manage_guild_expressions)) return;
  const bool own = creator && *creator == membership.member.user_id;
  if (own && has(permissions, permission::create_guild_expressions)) return;
  throw ApiError::missing_permissions();
}

Emoji ExpressionService::require_emoji(Snowflake guild_id, Snowflake emoji_id) {
  auto emoji = context_.store.find_emoji(emoji_id);
  if (!emoji || emoji->guild_id != guild_id) throw ApiError::unknown(10014, "Emoji");
  return std::move(*emoji);
}

Sticker ExpressionService::require_sticker(Snowflake guild_id, Snowflake sticker_id) {
  auto sticker = context_.store.find_sticker(sticker_id);
  if (!sticker || sticker->guild_id != guild_id) throw ApiError::unknown(10060, "Sticker");
  return std::move(*sticker);
}

void ExpressionService::publish_emojis(Snowflake guild_id) {
  boost::json::array emojis;
  for (const auto& emoji : context_.store.list_emojis(guild_id)) emojis.push_back(emoji_json(emoji, nullptr));
  context_.bus.publish({"GUILD_EMOJIS_UPDATE",
                        {{"guild_id", to_string(guild_id)}, {"emojis", std::move(emojis)}},
                        Audience::guild(guild_id),
                        std::nullopt,
                        intent::guild_expressions});
}

void ExpressionService::publish_stickers(Snowflake guild_id) {
  boost::json::array stickers;
  for (const auto& sticker : context_.store.list_stickers(guild_id))
    stickers.push_back(sticker_json(sticker, nullptr));
  context_.bus.publish({"GUILD_STICKERS_UPDATE",
                        {{"guild_id", to_string(guild_id)}, {"stickers", std::move(stickers)}},
                        Audience::guild(guild_id),
                        std::nullopt,
                        intent::guild_expressions});
}

boost::json::array ExpressionService::list_emojis(const Caller& caller, Snowflake guild_id) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  const bool show_creator = has(membership.permissions(), permission::manage_guild_expressions) ||
                            has(membership.permissions(), permission::create_guild_expressions);
  boost::json::array list;
  for (const auto& emoji : context_.store.list_emojis(guild_id)) {
    const auto creator =
        show_creator && emoji.user_id ? context_.store.find_user(*emoji.user_id) : std::nullopt;
    list.push_back(emoji_json(emoji, creator ? &*creator : nullptr));
  }
  return list;
}

boost::json::object ExpressionService::get_emoji(const Caller& caller, Snowflake guild_id,
                                                 Snowflake emoji_id) {
  access_.membership(guild_id, caller.user.id);
  const auto emoji = require_emoji(guild_id, emoji_id);
  const auto creator = emoji.user_id ? context_.store.find_user(*emoji.user_id) : std::nullopt;
  return emoji_json(emoji, creator ? &*creator : nullptr);
}

boost::json::object ExpressionService::create_emoji(const Caller& caller, Snowflake guild_id,
                                                    const boost::json::value& body) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  if (!has(membership.permissions(), permission::manage_guild_expressions) &&
      !has(membership.permissions(), permission::create_guild_expressions)) {
    throw ApiError::missing_permissions();
  }
  FormReader form(body);
  auto name = form.required_string("name", 2, 32);
  if (name && !valid_emoji_name(*name))
    form.fail("name", "STRING_TYPE_REGEX", "String value did not match validation regex.");
  auto image = form.required_string("image", 1, 64 * 1024 * 1024);
  auto roles = read_roles(form, body, membership);
  form.finish();

  const auto config = context_.config.get();
  const auto bytes = media_.decode_data_uri(*image, "image");
  const auto probed = cdn::probe_image(bytes, context_.config.get()->limits.max_image_pixels);
  const bool animated = probed && probed->animated;
  std::int64_t same_kind = 0;
  for (const auto& emoji : context_.store.list_emojis(guild_id))
    same_kind += emoji.animated == animated ? 1 : 0;
  if (same_kind >= config->limits.max_emojis_per_guild) {
    throw ApiError(
        400, 30008,
        "Maximum number of emojis reached (" + std::to_string(config->limits.max_emojis_per_guild) + ")");
  }
  Emoji emoji;
  emoji.id = context_.ids.next();
  emoji.guild_id = guild_id;
  emoji.name = *name;
  emoji.user_id = caller.user.id;
  emoji.roles = std::move(roles);
  emoji.animated =
      media_.save_image_at("emojis/" + to_string(emoji.id), bytes, "image", config->limits.max_emoji_bytes);
  context_.store.save_emoji(emoji);
  publish_emojis(guild_id);
  audit_log_.record(caller, guild_id, audit_action::emoji_create, emoji.id,
                    {audit_change("name", nullptr, boost::json::value(emoji.name))});
  return emoji_json(emoji, &caller.user);
}

boost::json::object ExpressionService::modify_emoji(const Caller& caller, Snowflake guild_id,
                                                    Snowflake emoji_id, const boost::json::value& body) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  auto emoji = require_emoji(guild_id, emoji_id);
  require_manage(membership, emoji.user_id);
  const auto old_name = emoji.name;
  FormReader form(body);
  if (auto name = form.optional_string("name", 2, 32)) {
    if (!valid_emoji_name(*name)) {
      form.fail("name", "STRING_TYPE_REGEX", "String value did not match validation regex.");
    } else {
      emoji.name = *name;
    }
  }
  if (form.has("roles")) emoji.roles = read_roles(form, body, membership);
  form.finish();
  context_.store.save_emoji(emoji);
  publish_emojis(guild_id);
  if (old_name != emoji.name) {
    audit_log_.record(caller, guild_id, audit_action::emoji_update, emoji.id,
                      {audit_change("name", boost::json::value(old_name), boost::json::value(emoji.name))});
  }
  const auto creator = emoji.user_id ? context_.store.find_user(*emoji.user_id) : std::nullopt;
  return emoji_json(emoji, creator ? &*creator : nullptr);
}

void ExpressionService::delete_emoji(const Caller& caller, Snowflake guild_id, Snowflake emoji_id) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  const auto emoji = require_emoji(guild_id, emoji_id);
  require_manage(membership, emoji.user_id);
  context_.store.delete_emoji(emoji_id);
  media_.remove_image("emojis/" + to_string(emoji_id));
  publish_emojis(guild_id);
  audit_log_.record(caller, guild_id, audit_action::emoji_delete, emoji_id,
                    {audit_change("name", boost::json::value(emoji.name), nullptr)});
}

boost::json::array ExpressionService::list_stickers(const Caller& caller, Snowflake guild_id) {
  access_.membership(guild_id, caller.user.id);
  boost::json::array list;
  for (const auto& sticker : context_.store.list_stickers(guild_id))
    list.push_back(sticker_json(sticker, nullptr));
  return list;
}

boost::json::object ExpressionService::get_sticker(const Caller& caller, Snowflake guild_id,
                                                   Snowflake sticker_id) {
  access_.membership(guild_id, caller.user.id);
  const auto sticker = require_sticker(guild_id, sticker_id);
  const auto creator = sticker.user_id ? context_.store.find_user(*sticker.user_id) : std::nullopt;
  return sticker_json(sticker, creator ? &*creator : nullptr);
}

boost::json::object ExpressionService::get_sticker(const Caller& caller, Snowflake sticker_id) {
  const auto sticker = context_.store.find_sticker(sticker_id);
  if (!sticker) throw ApiError::unknown(10060, "Sticker");
  // Guild stickers are seen by that guild's members only; others learn nothing, not even that it exists.
  if (!context_.store.find_member(sticker->guild_id, caller.user.id))
    throw ApiError::unknown(10060, "Sticker");
  return sticker_json(*sticker, nullptr);
}

boost::json::object ExpressionService::create_sticker(const Caller& caller, Snowflake guild_id,
                                                      const StickerUpload& upload) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  if (!has(membership.permissions(), permission::manage_guild_expressions) &&
      !has(membership.permissions(), permission::create_guild_expressions)) {
    throw ApiError::missing_permissions();
  }
  FormErrors errors;
  if (!upload.name || upload.name->size() < 2 || upload.name->size() > 30)
    errors.add({"name"}, "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 30 in length.");
  if (!upload.tags || upload.tags->empty() || upload.tags->size() > 200)
    errors.add({"tags"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 200 in length.");
  if (upload.description && !upload.description->empty() &&
      (upload.description->size() < 2 || upload.description->size() > 100))
    errors.add({"description"}, "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.");
  if (!upload.file) errors.add({"file"}, "BASE_TYPE_REQUIRED", "This field is required");
  errors.throw_if_any();

  const auto config = context_.config.get();
  if (static_cast<std::int64_t>(context_.store.list_stickers(guild_id).size()) >=
      config->limits.max_stickers_per_guild) {
    throw ApiError(
        400, 30039,
        "Maximum number of stickers reached (" + std::to_string(config->limits.max_stickers_per_guild) + ")");
  }
  const auto format = cdn::sniff_image(*upload.file);
  if (format != cdn::ImageFormat::png && format != cdn::ImageFormat::gif)
    throw ApiError(400, 50046, "Invalid file asset");
  Sticker sticker;
  sticker.id = context_.ids.next();
  sticker.guild_id = guild_id;
  sticker.name = *upload.name;
  sticker.description = upload.description.value_or("");
  sticker.tags = *upload.tags;
  sticker.user_id = caller.user.id;
  const bool animated = media_.save_image_at("stickers/" + to_string(sticker.id), *upload.file, "file",
                                             config->limits.max_sticker_bytes);
  sticker.format_type = format == cdn::ImageFormat::gif ? 4 : animated ? 2 : 1;
  context_.store.save_sticker(sticker);
  publish_stickers(guild_id);
  return sticker_json(sticker, &caller.user);
}

boost::json::object ExpressionService::modify_sticker(const Caller& caller, Snowflake guild_id,
                                                      Snowflake sticker_id, const boost::json::value& body) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  auto sticker = require_sticker(guild_id, sticker_id);
  require_manage(membership, sticker.user_id);
  FormReader form(body);
  if (auto name = form.optional_string("name", 2, 30)) sticker.name = *name;
  if (form.has("description")) sticker.description = form.optional_string("description", 0, 100).value_or("");
  if (auto tags = form.optional_string("tags", 1, 200)) sticker.tags = *tags;
  form.finish();
  context_.store.save_sticker(sticker);
  publish_stickers(guild_id);
  return sticker_json(sticker, nullptr);
}

void ExpressionService::delete_sticker(const Caller& caller, Snowflake guild_id, Snowflake sticker_id) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  const auto sticker = require_sticker(guild_id, sticker_id);
  require_manage(membership, sticker.user_id);
  context_.store.delete_sticker(sticker_id);
  media_.remove_image("stickers/" + to_string(sticker_id));
  publish_stickers(guild_id);
}

}  // namespace accord
