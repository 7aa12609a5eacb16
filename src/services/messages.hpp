#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>

#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/auto_moderation.hpp"
#include "services/media.hpp"

namespace accord {

class FormReader;

// A message body as a request sent it, validated, before anyone decides who it is from.
struct MessageDraft {
  std::optional<std::string> content;
  bool tts = false;
  std::optional<std::string> nonce;
  bool enforce_nonce = false;
  std::int64_t flags = 0;
  boost::json::array embeds;
  boost::json::array components;
  std::optional<Snowflake> reply_to;
  bool fail_if_not_exists = true;
  std::optional<boost::json::object> allowed_mentions;
  std::vector<UploadedFile> files;                       // named as payload_json.attachments[] asked
  std::vector<std::optional<std::string>> descriptions;  // one per file
  std::vector<std::string> uploads_used;                 // upload-URL files the message takes over
};

// Who a message is from when no member writes it in their own name: a webhook, or an application
// answering an interaction. The caller has already decided it may post.
struct MessageOrigin {
  Snowflake author_id = 0;
  std::int64_t type = 0;
  std::optional<Snowflake> webhook_id;
  std::optional<Snowflake> application_id;
  std::optional<std::string> author_name;  // set for webhook authors (the name they post under)
  std::optional<std::string> author_avatar;
  boost::json::object interaction;      // interaction_metadata
  std::optional<Snowflake> reply_to;    // the message whose component was used
  std::optional<Snowflake> visible_to;  // ephemeral: only this user
  std::int64_t extra_flags = 0;         // LOADING for a deferred response
  bool may_mention_everyone = false;
};

class MessageService {
 public:
  MessageService(ServiceContext& context, Access& access, MediaService& media, AuditLog& audit_log,
                 AutoModerationService& auto_moderation)
      : context_(context),
        access_(access),
        media_(media),
        audit_log_(audit_log),
        auto_moderation_(auto_moderation) {}

  // `files` are the multipart files[n]; payload_json.attachments[] describes them by n.
  // `id` is given only for a forum post's first message, which carries its thread's id.
  boost::json::object create(const Caller& caller, Snowflake channel_id, const boost::json::value& body,
                             const std::vector<UploadedFile>& files = {},
                             std::optional<Snowflake> id = std::nullopt);
  boost::json::object get(const Caller& caller, Snowflake channel_id, Snowflake message_id);
  boost::json::array list(const Caller& caller, Snowflake channel_id, const MessagePage& page);
  // New `files` are added to the attachments kept.
  boost::json::object edit(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                           const boost::json::value& body, const std::vector<UploadedFile>& files = {});
  void remove(const Caller& caller, Snowflake channel_id, Snowflake message_id);
  void bulk_remove(const Caller& caller, Snowflake channel_id, const boost::json::value& body);
  void typing(const Caller& caller, Snowflake channel_id);
  // POST .../ack: the user has read up to this message; their other sessions hear MESSAGE_ACK.
  void ack(const Caller& caller, Snowflake channel_id, Snowflake message_id,
           std::optional<std::int64_t> mention_count);
  // Announcement channels: marks the message CROSSPOSTED (flag 1), as followers would receive it.
  boost::json::object crosspost(const Caller& caller, Snowflake channel_id, Snowflake message_id);
  // POST /channels/:id/attachments: where to PUT each file before sending the message.
  boost::json::object prepare_uploads(const Caller& caller, Snowflake channel_id,
                                      const boost::json::value& body);
  // Webhooks and interaction responses: the message as `origin` says, no membership checks.
  Message create_from(Channel channel, const MessageOrigin& origin, const boost::json::value& body,
                      const std::vector<UploadedFile>& files = {});
  Message edit_from(Message message, const boost::json::value& body,
                    const std::vector<UploadedFile>& files = {});
  void remove_from(const Message& message);
  boost::json::array pins(const Caller& caller, Snowflake channel_id);
  void pin(const Caller& caller, Snowflake channel_id, Snowflake message_id, bool pinned);
  // Guild message search, over the channels the caller may read only (`search.channel_ids`, if
  // given, narrows them further).
  boost::json::object search(const Caller& caller, Snowflake guild_id, MessageSearch search);

  // The JSON of a stored message, with its author and mentioned users resolved, and its reactions
  // as `viewer` sees them (`me`).
  boost::json::object to_json(const Message& message, std::optional<Snowflake> viewer = std::nullopt);
  // What a page of messages names, read in one query each rather than per message.
  struct PageContext {
    std::unordered_map<Snowflake, User> users;  // authors and mentioned users
    std::unordered_map<Snowflake, std::vector<Store::ReactionCount>> reactions;
  };
  boost::json::object to_json(const Message& message, Snowflake viewer, const PageContext& page);

 private:
  // The message must be in the channel named by the URL: acting on a message through another
  // channel's URL is how Spacebar's BOLA bug (#1685) leaked messages.
  Message require_message(Snowflake channel_id, Snowflake message_id);
  // Both to_json()s: `page` when the caller read what the message names already.
  boost::json::object render(const Message& message, std::optional<Snowflake> viewer,
                             const PageContext* page);
  // 429 (20016) while the author's slowmode wait in this channel is not over.
  void enforce_slowmode(const Access::ChannelAccess& access, Snowflake user_id);
  MessageDraft read_draft(FormReader& form, const boost::json::value& body,
                          const std::vector<UploadedFile>& files, Snowflake channel_id);
  void attach_files(Message& message, const MessageDraft& draft);
  // `author` (a member's standing) is absent for webhooks and applications.
  void resolve_mentions(Message& message, const MessageDraft& draft, const Membership* author,
                        bool may_mention_everyone);
  // `moderate` sees the edited message before it is stored, and may refuse it by throwing.
  void apply_edit(Message& message, const boost::json::value& body, const std::vector<UploadedFile>& files,
                  bool may_attach, bool may_use_components,
                  const std::function<void(const Message&)>& moderate = nullptr);
  // Locked threads refuse non-moderators; archived ones reopen.
  void reopen_thread(Channel& channel, Permissions permissions);
  // MESSAGE_* to whoever may see the message: the channel's viewers, or an ephemeral message's user.
  void publish(const char* event_name, const Message& message, boost::json::object json,
               const std::optional<Member>& member = std::nullopt);
  // sticker_ids (up to 3) as sticker_items; each must be a sticker of this guild.
  boost::json::array read_stickers(FormReader& form, const boost::json::value& body, Snowflake guild_id);

  ServiceContext& context_;
  Access& access_;
  MediaService& media_;
  AuditLog& audit_log_;
  AutoModerationService& auto_moderation_;
};

}  // namespace accord
