#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/snowflake.hpp"

namespace accord {

namespace automod_trigger {
inline constexpr std::int64_t keyword = 1;
inline constexpr std::int64_t spam = 3;
inline constexpr std::int64_t keyword_preset = 4;
inline constexpr std::int64_t mention_spam = 5;
}  // namespace automod_trigger

namespace automod_action {
inline constexpr std::int64_t block_message = 1;
inline constexpr std::int64_t send_alert_message = 2;
inline constexpr std::int64_t timeout = 3;
}  // namespace automod_action

// A guild's auto moderation rule; trigger_metadata and actions keep Discord's shapes.
struct AutoModerationRule {
  Snowflake id = 0;
  Snowflake guild_id = 0;
  Snowflake creator_id = 0;
  std::string name;
  std::int64_t event_type = 1;  // MESSAGE_SEND
  std::int64_t trigger_type = automod_trigger::keyword;
  boost::json::object trigger_metadata;
  boost::json::array actions;
  bool enabled = false;
  std::vector<Snowflake> exempt_roles;
  std::vector<Snowflake> exempt_channels;
};

boost::json::object auto_moderation_rule_json(const AutoModerationRule& rule);

}  // namespace accord
