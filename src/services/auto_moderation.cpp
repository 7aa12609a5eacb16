#include "services/auto_moderation.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/form.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace accord {
namespace {

constexpr std::size_t max_keyword_rules = 6;
constexpr std::size_t max_keywords = 1000;
constexpr std::size_t max_keyword_length = 60;
constexpr std::size_t max_patterns = 10;
constexpr std::size_t max_pattern_length = 260;
constexpr std::size_t max_allow_list = 100;
constexpr std::int64_t max_timeout_seconds = 2419200;  // 4 weeks
constexpr std::int64_t event_type_message_send = 1;

bool word_character(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || std::isalnum(byte);
}

std::vector<std::string> strings(const boost::json::object& object, std::string_view key) {
  std::vector<std::string> list;
  if (const auto* value = object.if_contains(key); value && value->is_array()) {
    for (const auto& item : value->as_array()) {
      if (item.is_string()) list.emplace_back(item.as_string());
    }
  }
  return list;
}

// Where `keyword` (with its wildcards) first matches in lowercased `text`, as [begin, end).
std::optional<std::pair<std::size_t, std::size_t>> find_keyword(const std::string& text,
                                                                std::string keyword) {
  const bool open_start = keyword.starts_with('*');
  const bool open_end = keyword.size() > 1 && keyword.ends_with('*');
  if (open_start) keyword.erase(0, 1);
  if (open_end) keyword.pop_back();
  if (keyword.empty()) return std::nullopt;
  keyword = lowercase(keyword);
  for (auto at = text.find(keyword); at != std::string::npos; at = text.find(keyword, at + 1)) {
    const auto end = at + keyword.size();
    const bool starts_word = at == 0 || !word_character(text[at - 1]);
    const bool ends_word = end == text.size() || !word_character(text[end]);
    if ((open_start || starts_word) && (open_end || ends_word)) {
      // The matched content is the whole word the keyword sits in, as Discord reports it.
      auto begin = at;
      auto finish = end;
      while (begin > 0 && word_character(text[begin - 1])) --begin;
      while (finish < text.size() && word_character(text[finish])) ++finish;
      return std::pair{begin, finish};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<AutoModerationMatch> match_keywords(const boost::json::object& trigger_metadata,
                                                  std::string_view content) {
  const auto text = lowercase(content);
  const auto allowed = strings(trigger_metadata, "allow_list");
  auto allowed_word = [&](std::size_t begin, std::size_t end) {
    const auto word = text.substr(begin, end - begin);
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& allow) {
      const auto found = find_keyword(word, allow);
      return found && found->first == 0 && found->second == word.size();
    });
  };
  for (const auto& keyword : strings(trigger_metadata, "keyword_filter")) {
    if (auto found = find_keyword(text, keyword); found && !allowed_word(found->first, found->second)) {
      return AutoModerationMatch{keyword,
                                 std::string(content.substr(found->first, found->second - found->first))};
    }
  }
  for (const auto& pattern : strings(trigger_metadata, "regex_patterns")) {
    try {
      std::smatch found;
      const std::string original(content);
      if (std::regex_search(original, found,
                            std::regex(pattern, std::regex::icase | std::regex::ECMAScript)) &&
          !allowed_word(static_cast<std::size_t>(found.position(0)),
                        static_cast<std::size_t>(found.position(0) + found.length(0)))) {
        return AutoModerationMatch{pattern, found.str(0)};
      }
    } catch (const std::regex_error&) {
      // Patterns are checked when saved; one that still fails (a too complex input) matches nothing.
    }
  }
  return std::nullopt;
}

AutoModerationRule AutoModerationService::require_rule(Snowflake guild_id, Snowflake rule_id) {
  auto rule = context_.store.find_automod_rule(rule_id);
  if (!rule || rule->guild_id != guild_id) throw ApiError::unknown(10066, "auto moderation rule");
  return std::move(*rule);
}

void AutoModerationService::publish(const char* event_name, const AutoModerationRule& rule) {
  constexpr std::uint64_t auto_moderation_configuration = 1 << 20;
  Event event{event_name, auto_moderation_rule_json(rule), Audience::guild(rule.guild_id), std::nullopt,
              auto_moderation_configuration};
  event.required_permission = permission::manage_guild;
  context_.bus.publish(std::move(event));
}

void AutoModerationService::read_rule(const boost::json::value& body, AutoModerationRule& rule,
                                      const Membership& guild, bool creating) {
  FormReader form(body);
  if (auto name = creating ? form.required_string("name", 1, 100) : form.optional_string("name", 1, 100))
    rule.name = *name;
  if (auto event_type = form.optional_int("event_type", 1, 2)) {
    if (*event_type != event_type_message_send)
      form.fail("event_type", "BASE_TYPE_CHOICES", "Only MESSAGE_SEND (1) rules are supported.");
    rule.event_type = *event_type;
  } else if (creating) {
    form.fail("event_type", "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (creating) {
    const auto trigger = form.optional_int("trigger_type", 1, 6);
    if (!trigger) form.fail("trigger_type", "BASE_TYPE_REQUIRED", "This field is required");
    // Spam and preset word lists need data Accord does not have; only what it can enforce is accepted.
    if (trigger && *trigger != automod_trigger::keyword && *trigger != automod_trigger::mention_spam)
      form.fail("trigger_type", "BASE_TYPE_CHOICES",
                "Supported trigger types are KEYWORD (1) and MENTION_SPAM (5).");
    if (trigger) rule.trigger_type = *trigger;
  } else if (form.has("trigger_type")) {
    form.fail("trigger_type", "AUTO_MODERATION_TRIGGER_TYPE_IMMUTABLE",
              "The trigger type cannot be changed.");
  }
  const auto& object = body.as_object();
  if (form.has("trigger_metadata") && !form.is_null("trigger_metadata")) {
    const auto* metadata = object.at("trigger_metadata").if_object();
    if (!metadata) {
      form.fail("trigger_metadata", "MODEL_TYPE_CONVERT", "Must be an object.");
    } else {
      boost::json::object stored;
      auto list = [&](const char* key, std::size_t max_items, std::size_t max_length) {
        const auto items = strings(*metadata, key);
        if (items.size() > max_items)
          form.errors().add({"trigger_metadata", key}, "BASE_TYPE_MAX_LENGTH", "Too many items.");
        boost::json::array json;
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (items[i].empty() || items[i].size() > max_length)
            form.errors().add({"trigger_metadata", key, std::to_string(i)}, "BASE_TYPE_BAD_LENGTH",
                              "Must be between 1 and " + std::to_string(max_length) + " in length.");
          json.push_back(boost::json::value(items[i]));
        }
        stored[key] = std::move(json);
        return items;
      };
      list("keyword_filter", max_keywords, max_keyword_length);
      const auto patterns = list("regex_patterns", max_patterns, max_pattern_length);
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        try {
          std::regex(patterns[i], std::regex::ECMAScript);
        } catch (const std::regex_error&) {
          form.errors().add({"trigger_metadata", "regex_patterns", std::to_string(i)},
                            "AUTO_MODERATION_INVALID_REGEX", "Invalid regex.");
        }
      }
      list("allow_list", max_allow_list, max_keyword_length);
      if (const auto* limit = metadata->if_contains("mention_total_limit")) {
        if (!limit->is_int64() || limit->as_int64() < 1 || limit->as_int64() > 50)
          form.errors().add({"trigger_metadata", "mention_total_limit"}, "NUMBER_TYPE_MAX",
                            "Must be between 1 and 50.");
        else
          stored["mention_total_limit"] = limit->as_int64();
      }
      if (rule.trigger_type == automod_trigger::mention_spam && !stored.contains("mention_total_limit"))
        form.errors().add({"trigger_metadata", "mention_total_limit"}, "BASE_TYPE_REQUIRED",
                          "This field is required");
      rule.trigger_metadata = std::move(stored);
    }
  } else if (creating && rule.trigger_type == automod_trigger::mention_spam) {
    form.fail("trigger_metadata", "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (form.has("actions")) {
    const auto* actions = object.at("actions").if_array();
    if (!actions || actions->empty() || actions->size() > 3) {
      form.fail("actions", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 3 in length.");
    } else {
      boost::json::array stored;
      for (std::size_t i = 0; i < actions->size(); ++i) {
        const auto path = std::vector<std::string>{"actions", std::to_string(i)};
        const auto* action = (*actions)[i].if_object();
        const auto* type = action ? action->if_contains("type") : nullptr;
        const auto* metadata_value = action ? action->if_contains("metadata") : nullptr;
        const auto* metadata = metadata_value ? metadata_value->if_object() : nullptr;
        const std::int64_t kind = type && type->is_int64() ? type->as_int64() : 0;
        boost::json::object clean{{"type", kind}, {"metadata", boost::json::object{}}};
        auto& clean_metadata = clean["metadata"].as_object();
        if (kind == automod_action::block_message) {
          if (const auto* message = metadata ? metadata->if_contains("custom_message") : nullptr;
              message && message->is_string()) {
            if (message->as_string().size() > 150)
              form.errors().add({"actions", std::to_string(i), "metadata", "custom_message"},
                                "BASE_TYPE_MAX_LENGTH", "Must be 150 or fewer in length.");
            clean_metadata["custom_message"] = *message;
          }
        } else if (kind == automod_action::send_alert_message) {
          const auto* id = metadata ? metadata->if_contains("channel_id") : nullptr;
          const auto channel_id = id ? snowflake_value(*id) : std::nullopt;
          const auto channel = channel_id ? context_.store.find_channel(*channel_id) : std::nullopt;
          if (!channel || channel->guild_id != guild.guild.id || !is_text_based(channel->type)) {
            form.errors().add({"actions", std::to_string(i), "metadata", "channel_id"}, "CHANNEL_INVALID",
                              "Unknown channel in this guild.");
          } else {
            clean_metadata["channel_id"] = to_string(*channel_id);
          }
        } else if (kind == automod_action::timeout) {
          if (!has(guild.permissions(), permission::moderate_members)) throw ApiError::missing_permissions();
          const auto* seconds = metadata ? metadata->if_contains("duration_seconds") : nullptr;
          if (!seconds || !seconds->is_int64() || seconds->as_int64() < 1 ||
              seconds->as_int64() > max_timeout_seconds) {
            form.errors().add({"actions", std::to_string(i), "metadata", "duration_seconds"},
                              "NUMBER_TYPE_MAX", "Must be between 1 and 2419200.");
          } else {
            clean_metadata["duration_seconds"] = seconds->as_int64();
          }
        } else {
          form.errors().add(path, "BASE_TYPE_CHOICES", "Action type must be one of {1, 2, 3}.");
        }
        stored.push_back(std::move(clean));
      }
      rule.actions = std::move(stored);
    }
  } else if (creating) {
    form.fail("actions", "BASE_TYPE_REQUIRED", "This field is required");
  }
  if (auto enabled = form.optional_bool("enabled")) rule.enabled = *enabled;
  auto ids = [&](const char* key, std::size_t max, auto&& valid) {
    std::vector<Snowflake> list;
    const auto* value = object.if_contains(key);
    if (!value || value->is_null()) return list;
    if (!value->is_array() || value->as_array().size() > max) {
      form.fail(key, "BASE_TYPE_MAX_LENGTH", "Must be " + std::to_string(max) + " or fewer in length.");
      return list;
    }
    for (const auto& item : value->as_array()) {
      const auto id = snowflake_value(item);
      if (!id || !valid(*id)) {
        form.fail(key, "BASE_TYPE_CHOICES", "Unknown id in this guild.");
        break;
      }
      list.push_back(*id);
    }
    return list;
  };
  if (form.has("exempt_roles"))
    rule.exempt_roles = ids("exempt_roles", 20, [&](Snowflake id) { return guild.find_role(id) != nullptr; });
  if (form.has("exempt_channels")) {
    rule.exempt_channels = ids("exempt_channels", 50, [&](Snowflake id) {
      const auto channel = context_.store.find_channel(id);
      return channel && channel->guild_id == guild.guild.id;
    });
  }
  form.finish();
}

boost::json::array AutoModerationService::list(const Caller& caller, Snowflake guild_id) {
  access_.require(guild_id, caller.user.id, permission::manage_guild);
  boost::json::array list;
  for (const auto& rule : context_.store.list_automod_rules(guild_id))
    list.push_back(auto_moderation_rule_json(rule));
  return list;
}

boost::json::object AutoModerationService::get(const Caller& caller, Snowflake guild_id, Snowflake rule_id) {
  access_.require(guild_id, caller.user.id, permission::manage_guild);
  return auto_moderation_rule_json(require_rule(guild_id, rule_id));
}

boost::json::object AutoModerationService::create(const Caller& caller, Snowflake guild_id,
                                                  const boost::json::value& body) {
  const auto guild = access_.require(guild_id, caller.user.id, permission::manage_guild);
  if (!body.is_object())
    throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  AutoModerationRule rule;
  rule.id = context_.ids.next();
  rule.guild_id = guild_id;
  rule.creator_id = caller.user.id;
  read_rule(body, rule, guild, true);
  const auto existing = context_.store.list_automod_rules(guild_id);
  const auto same_kind =
      std::count_if(existing.begin(), existing.end(),
                    [&](const AutoModerationRule& other) { return other.trigger_type == rule.trigger_type; });
  const auto limit = rule.trigger_type == automod_trigger::keyword ? max_keyword_rules : 1;
  if (static_cast<std::size_t>(same_kind) >= limit)
    throw ApiError::invalid_field("trigger_type", "AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED",
                                  "Maximum number of rules of this trigger type reached.");
  context_.store.save_automod_rule(rule);
  publish("AUTO_MODERATION_RULE_CREATE", rule);
  audit_log_.record(caller, guild_id, audit_action::auto_moderation_rule_create, rule.id,
                    audit_changes({}, auto_moderation_rule_json(rule), {"name", "trigger_type", "enabled"}));
  return auto_moderation_rule_json(rule);
}

boost::json::object AutoModerationService::modify(const Caller& caller, Snowflake guild_id, Snowflake rule_id,
                                                  const boost::json::value& body) {
  const auto guild = access_.require(guild_id, caller.user.id, permission::manage_guild);
  if (!body.is_object())
    throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  auto rule = require_rule(guild_id, rule_id);
  const auto before = auto_moderation_rule_json(rule);
  read_rule(body, rule, guild, false);
  context_.store.save_automod_rule(rule);
  publish("AUTO_MODERATION_RULE_UPDATE", rule);
  audit_log_.record(
      caller, guild_id, audit_action::auto_moderation_rule_update, rule.id,
      audit_changes(before, auto_moderation_rule_json(rule),
                    {"name", "enabled", "trigger_metadata", "actions", "exempt_roles", "exempt_channels"}));
  return auto_moderation_rule_json(rule);
}

void AutoModerationService::remove(const Caller& caller, Snowflake guild_id, Snowflake rule_id) {
  access_.require(guild_id, caller.user.id, permission::manage_guild);
  const auto rule = require_rule(guild_id, rule_id);
  context_.store.delete_automod_rule(rule_id);
  publish("AUTO_MODERATION_RULE_DELETE", rule);
  audit_log_.record(caller, guild_id, audit_action::auto_moderation_rule_delete, rule.id,
                    audit_changes(auto_moderation_rule_json(rule), {}, {"name", "trigger_type"}));
}

void AutoModerationService::check_message(const Access::ChannelAccess& access, const User& author,
                                          const std::string& content, std::size_t mention_count,
                                          Snowflake message_id) {
  // Those who manage the guild are not moderated by its robot.
  const auto guild_permissions = access.membership.permissions();
  if (has(guild_permissions, permission::administrator) || has(guild_permissions, permission::manage_guild))
    return;
  std::vector<std::pair<AutoModerationRule, AutoModerationMatch>> triggered;
  for (auto& rule : context_.store.list_automod_rules(*access.channel.guild_id)) {
    if (!rule.enabled) continue;
    const auto& exempt_channels = rule.exempt_channels;
    const auto in = [&](Snowflake id) {
      return std::find(exempt_channels.begin(), exempt_channels.end(), id) != exempt_channels.end();
    };
    if (in(access.channel.id) || (access.channel.parent_id && in(*access.channel.parent_id))) continue;
    const auto& roles = access.membership.member.role_ids;
    if (std::any_of(rule.exempt_roles.begin(), rule.exempt_roles.end(),
                    [&](Snowflake id) { return std::find(roles.begin(), roles.end(), id) != roles.end(); }))
      continue;
    std::optional<AutoModerationMatch> match;
    if (rule.trigger_type == automod_trigger::keyword) {
      match = match_keywords(rule.trigger_metadata, content);
    } else if (rule.trigger_type == automod_trigger::mention_spam) {
      // The limit is how many mentions a message may hold; one more sets the rule off.
      const auto* limit = rule.trigger_metadata.if_contains("mention_total_limit");
      if (limit && limit->is_int64() && static_cast<std::int64_t>(mention_count) > limit->as_int64())
        match = AutoModerationMatch{};
    }
    if (match) triggered.emplace_back(std::move(rule), std::move(*match));
  }
  // Whether any rule blocks decides what the others report: a blocked message has no id to name.
  std::optional<std::string> block_message;
  for (const auto& [rule, match] : triggered) {
    for (const auto& action : rule.actions) {
      const auto& object = action.as_object();
      if (object.at("type").as_int64() != automod_action::block_message) continue;
      const auto* text = object.at("metadata").as_object().if_contains("custom_message");
      if (!block_message || (text && text->is_string())) {
        block_message = text && text->is_string() ? std::string(text->as_string()) : std::string();
      }
    }
  }
  const auto posted = block_message ? std::nullopt : std::optional<Snowflake>(message_id);
  for (const auto& [rule, match] : triggered) {
    for (const auto& action : rule.actions)
      execute(rule, action.as_object(), access, author, content, match, posted);
  }
  if (block_message)
    throw ApiError(400, 200000, block_message->empty() ? "Message was blocked by AutoMod" : *block_message);
}

void AutoModerationService::execute(const AutoModerationRule& rule, const boost::json::object& action,
                                    const Access::ChannelAccess& access, const User& author,
                                    const std::string& content, const AutoModerationMatch& match,
                                    std::optional<Snowflake> message_id) {
  const auto guild_id = *access.channel.guild_id;
  const auto type = action.at("type").as_int64();
  const auto& metadata = action.at("metadata").as_object();
  boost::json::object execution{
      {"guild_id", to_string(guild_id)},
      {"action", action},
      {"rule_id", to_string(rule.id)},
      {"rule_trigger_type", rule.trigger_type},
      {"user_id", to_string(author.id)},
      {"channel_id", to_string(access.channel.id)},
      {"content", content},
      {"matched_keyword",
       match.keyword.empty() ? boost::json::value(nullptr) : boost::json::value(match.keyword)},
      {"matched_content", match.matched_content}};
  if (message_id) execution["message_id"] = to_string(*message_id);
  // The audit log names the member as the one acting: AutoMod acted on their message.
  const std::int64_t audit_actions[] = {0, audit_action::auto_moderation_block_message,
                                        audit_action::auto_moderation_flag_to_channel,
                                        audit_action::auto_moderation_user_communication_disabled};
  audit_log_.record(Caller{author, 0, std::nullopt}, guild_id, audit_actions[type], author.id, {},
                    {{"auto_moderation_rule_name", rule.name},
                     {"auto_moderation_rule_trigger_type", std::to_string(rule.trigger_type)},
                     {"channel_id", to_string(access.channel.id)}});
  if (type == automod_action::send_alert_message) {
    // The alert is a system message (type 24) in the alert channel, in the author's name, as Discord shows
    // it.
    const auto channel_id = parse_snowflake(metadata.at("channel_id").as_string());
    if (!channel_id || !context_.store.find_channel(*channel_id)) return;
    Message alert;
    alert.id = context_.ids.next();
    alert.channel_id = *channel_id;
    alert.guild_id = guild_id;
    alert.author_id = author.id;
    alert.type = 24;
    alert.embeds.push_back(
        {{"type", "auto_moderation_message"},
         {"description", content},
         {"fields",
          boost::json::array{
              {{"name", "rule_name"}, {"value", rule.name}, {"inline", false}},
              {{"name", "channel_id"}, {"value", to_string(access.channel.id)}, {"inline", false}},
              {{"name", "keyword"}, {"value", match.keyword}, {"inline", false}},
              {{"name", "keyword_matched_content"}, {"value", match.matched_content}, {"inline", false}},
          }}});
    context_.store.create_message(alert);
    auto json = message_json(alert, author, {});
    context_.bus.publish(
        {"MESSAGE_CREATE", json, Audience::guild(guild_id), alert.channel_id, intent::guild_messages});
    execution["alert_system_message_id"] = to_string(alert.id);
  } else if (type == automod_action::timeout) {
    auto member = access.membership.member;
    member.communication_disabled_until_ms =
        context_.clock.now_ms() + metadata.at("duration_seconds").as_int64() * 1000;
    context_.store.save_member(member);
    auto json = member_json(member, &author);
    json["guild_id"] = to_string(guild_id);
    context_.bus.publish({"GUILD_MEMBER_UPDATE", std::move(json), Audience::guild(guild_id), std::nullopt,
                          intent::guild_members});
  }
  constexpr std::uint64_t auto_moderation_execution = 1 << 21;
  Event event{"AUTO_MODERATION_ACTION_EXECUTION", std::move(execution), Audience::guild(guild_id),
              std::nullopt, auto_moderation_execution};
  event.required_permission = permission::manage_guild;
  context_.bus.publish(std::move(event));
}

}  // namespace accord
