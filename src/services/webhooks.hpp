#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/media.hpp"
#include "services/messages.hpp"

namespace accord {

// Incoming webhooks: managed by members with MANAGE_WEBHOOKS, used by anyone holding the token.
class WebhookService {
 public:
  WebhookService(ServiceContext& context, Access& access, MediaService& media, MessageService& messages,
                 AuditLog& audit_log)
      : context_(context), access_(access), media_(media), messages_(messages), audit_log_(audit_log) {}

  boost::json::object create(const Caller& caller, Snowflake channel_id, const boost::json::value& body);
  boost::json::array list_channel(const Caller& caller, Snowflake channel_id);
  boost::json::array list_guild(const Caller& caller, Snowflake guild_id);
  boost::json::object get(const Caller& caller, Snowflake webhook_id);
  boost::json::object modify(const Caller& caller, Snowflake webhook_id, const boost::json::value& body);
  void remove(const Caller& caller, Snowflake webhook_id);

  // The same with the webhook's token instead of an account.
  boost::json::object get(Snowflake webhook_id, const std::string& token);
  boost::json::object modify(Snowflake webhook_id, const std::string& token, const boost::json::value& body);
  void remove(Snowflake webhook_id, const std::string& token);

  // POST /webhooks/:id/:token: the message, or nothing unless `wait`.
  std::optional<boost::json::object> execute(Snowflake webhook_id, const std::string& token,
                                             const boost::json::value& body,
                                             const std::vector<UploadedFile>& files, bool wait,
                                             std::optional<Snowflake> thread_id);
  boost::json::object get_message(Snowflake webhook_id, const std::string& token, Snowflake message_id);
  boost::json::object edit_message(Snowflake webhook_id, const std::string& token, Snowflake message_id,
                                   const boost::json::value& body, const std::vector<UploadedFile>& files);
  void delete_message(Snowflake webhook_id, const std::string& token, Snowflake message_id);

  // POST /channels/:id/followers: a follower webhook in `webhook_channel_id` copies what this
  // announcement channel publishes.
  boost::json::object follow(const Caller& caller, Snowflake channel_id, const boost::json::value& body);
  // Publishes an announcement (marks it crossposted) and copies it into every following channel.
  boost::json::object crosspost(const Caller& caller, Snowflake channel_id, Snowflake message_id);

 private:
  Webhook require(Snowflake webhook_id);
  Webhook require_token(Snowflake webhook_id, const std::string& token);
  // 30007 when the channel already holds limits.max_webhooks_per_channel webhooks.
  void require_room(Snowflake guild_id, Snowflake channel_id);
  // MANAGE_WEBHOOKS in the webhook's own channel.
  void require_manager(const Caller& caller, const Webhook& webhook);
  // Applies name/avatar (and channel_id for account callers) from a PATCH body.
  boost::json::array apply_changes(Webhook& webhook, const boost::json::value& body, const Caller* caller);
  void publish_update(Snowflake guild_id, Snowflake channel_id);
  boost::json::object to_json(const Webhook& webhook, bool with_creator);
  Message require_message(const Webhook& webhook, Snowflake message_id);

  ServiceContext& context_;
  Access& access_;
  MediaService& media_;
  MessageService& messages_;
  AuditLog& audit_log_;
};

}  // namespace accord
