#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/access.hpp"
#include "services/audit_log.hpp"
#include "services/context.hpp"
#include "services/media.hpp"

namespace accord {

// Guild emojis and stickers: who may add and change them, their limits, their images.
class ExpressionService {
 public:
  ExpressionService(ServiceContext& context, Access& access, MediaService& media, AuditLog& audit_log)
      : context_(context), access_(access), media_(media), audit_log_(audit_log) {}

  boost::json::array list_emojis(const Caller& caller, Snowflake guild_id);
  boost::json::object get_emoji(const Caller& caller, Snowflake guild_id, Snowflake emoji_id);
  boost::json::object create_emoji(const Caller& caller, Snowflake guild_id, const boost::json::value& body);
  boost::json::object modify_emoji(const Caller& caller, Snowflake guild_id, Snowflake emoji_id,
                                   const boost::json::value& body);
  void delete_emoji(const Caller& caller, Snowflake guild_id, Snowflake emoji_id);

  struct StickerUpload {
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::string> tags;
    std::optional<std::string> file;  // bytes
  };
  boost::json::array list_stickers(const Caller& caller, Snowflake guild_id);
  boost::json::object get_sticker(const Caller& caller, Snowflake guild_id, Snowflake sticker_id);
  // GET /stickers/:id: any sticker a caller can see from a guild they are in.
  boost::json::object get_sticker(const Caller& caller, Snowflake sticker_id);
  boost::json::object create_sticker(const Caller& caller, Snowflake guild_id, const StickerUpload& upload);
  boost::json::object modify_sticker(const Caller& caller, Snowflake guild_id, Snowflake sticker_id,
                                     const boost::json::value& body);
  void delete_sticker(const Caller& caller, Snowflake guild_id, Snowflake sticker_id);

 private:
  Emoji require_emoji(Snowflake guild_id, Snowflake emoji_id);
  Sticker require_sticker(Snowflake guild_id, Snowflake sticker_id);
  // Managing any expression, or only one's own (CREATE_GUILD_EXPRESSIONS) when `creator` is the caller.
  void require_manage(const Membership& membership, std::optional<Snowflake> creator);
  void publish_emojis(Snowflake guild_id);
  void publish_stickers(Snowflake guild_id);

  ServiceContext& context_;
  Access& access_;
  MediaService& media_;
  AuditLog& audit_log_;
};

}  // namespace accord
