#include "model/auto_moderation.hpp"

namespace accord {
namespace {

boost::json::array ids_json(const std::vector<Snowflake>& ids) {
  boost::json::array list;
  for (auto id : ids) list.push_back(boost::json::value(to_string(id)));
  return list;
}

}  // namespace

boost::json::object auto_moderation_rule_json(const AutoModerationRule& rule) {
  return {{"id", to_string(rule.id)},
          {"guild_id", to_string(rule.guild_id)},
          {"creator_id", to_string(rule.creator_id)},
          {"name", rule.name},
          {"event_type", rule.event_type},
          {"trigger_type", rule.trigger_type},
          {"trigger_metadata", rule.trigger_metadata},
          {"actions", rule.actions},
          {"enabled", rule.enabled},
          {"exempt_roles", ids_json(rule.exempt_roles)},
          {"exempt_channels", ids_json(rule.exempt_channels)}};
}

}  // namespace accord
