#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/access.hpp"
#include "services/media.hpp"

namespace accord {

class FormReader;

class MessageService {
 public:
  MessageService(ServiceContext& context, Access& access, MediaService& media)
      : context_(context), access_(access), media_(media) {}

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
  boost::json::array pins(const Caller& caller, Snowflake channel_id);
  void pin(const Caller& caller, Snowflake channel_id, Snowflake message_id, bool pinned);
  // Guild message search, over the channels the caller may read only (`search.channel_ids`, if
  // given, narrows them further).
  boost::json::object search(const Caller& caller, Snowflake guild_id, MessageSearch search);

  // The JSON of a stored message, with its author and mentioned users resolved, and its reactions
  // as `viewer` sees them (`me`).
  boost::json::object to_json(const Message& message, std::optional<Snowflake> viewer = std::nullopt);

 private:
  // The message must be in the channel named by the URL: acting on a message through another
  // channel's URL is how Spacebar's BOLA bug (#1685) leaked messages.
  Message require_message(Snowflake channel_id, Snowflake message_id);
  // 429 (20016) while the author's slowmode wait in this channel is not over.
  void enforce_slowmode(const Access::ChannelAccess& access, Snowflake user_id);
  // sticker_ids (up to 3) as sticker_items; each must be a sticker of this guild.
  boost::json::array read_stickers(FormReader& form, const boost::json::value& body, Snowflake guild_id);

  ServiceContext& context_;
  Access& access_;
  MediaService& media_;
};

}  // namespace accord
