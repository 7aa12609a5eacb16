#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"
#include "services/audit_log.hpp"

namespace accord {

// What in a message set a rule off: the keyword (or pattern) and the text it matched.
struct AutoModerationMatch {
  std::string keyword;
  std::string matched_content;
};

// Keyword rules as Discord matches them, case-insensitively: "cat" a whole word, "cat*" a word's
// start, "*cat" its end, "*cat*" anywhere; regex_patterns; allow_list wins over both.
std::optional<AutoModerationMatch> match_keywords(const boost::json::object& trigger_metadata,
                                                  std::string_view content);

// Auto moderation: rules a guild's managers keep (keyword filters and mention spam), checked on
// every message members send; a rule blocks the message, alerts a channel, or times the author out.
class AutoModerationService {
 public:
  AutoModerationService(ServiceContext& context, Access& access, AuditLog& audit_log)
      : context_(context), access_(access), audit_log_(audit_log) {}

  boost::json::array list(const Caller& caller, Snowflake guild_id);
  boost::json::object get(const Caller& caller, Snowflake guild_id, Snowflake rule_id);
  boost::json::object create(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  boost::json::object modify(const Caller& caller, Snowflake guild_id, Snowflake rule_id,
                             const boost::json::value& body);
  void remove(const Caller& caller, Snowflake guild_id, Snowflake rule_id);

  // Before a member's message is stored: carries out every triggered rule's actions, and throws
  // 200000 when one of them blocks the message.
  // `message_id` is the id the message will have (or has, for an edit).
  void check_message(const Access::ChannelAccess& access, const User& author, const std::string& content,
                     std::size_t mention_count, Snowflake message_id);

 private:
  AutoModerationRule require_rule(Snowflake guild_id, Snowflake rule_id);
  // Reads the fields of a create (everything) or an edit (what is present) into `rule`.
  void read_rule(const boost::json::value& body, AutoModerationRule& rule, const Membership& guild,
                 bool creating);
  void publish(const char* event_name, const AutoModerationRule& rule);
  void execute(const AutoModerationRule& rule, const boost::json::object& action,
               const Access::ChannelAccess& access, const User& author, const std::string& content,
               const AutoModerationMatch& match, std::optional<Snowflake> message_id);

  ServiceContext& context_;
  Access& access_;
  AuditLog& audit_log_;
};

}  // namespace accord
