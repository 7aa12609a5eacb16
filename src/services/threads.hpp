#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "services/access.hpp"
#include "services/context.hpp"
#include "services/messages.hpp"

namespace accord {

// Threads: started from a message or on their own (forum posts too), joined and left, archived
// and locked. A thread is a channel seen through its parent's permissions.
class ThreadService {
 public:
  ThreadService(ServiceContext& context, Access& access, MessageService& messages)
      : context_(context), access_(access), messages_(messages) {}

  boost::json::object start_from_message(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                         const boost::json::value& body);
  // A thread without a message; in a forum, a post with its first message (`message`).
  boost::json::object start(const Caller& caller, Snowflake channel_id, const boost::json::value& body,
                            const std::vector<UploadedFile>& files);

  void join(const Caller& caller, Snowflake thread_id);
  void leave(const Caller& caller, Snowflake thread_id);
  void add_member(const Caller& caller, Snowflake thread_id, Snowflake user_id);
  void remove_member(const Caller& caller, Snowflake thread_id, Snowflake user_id);
  boost::json::array members(const Caller& caller, Snowflake thread_id, bool with_member);
  boost::json::object member(const Caller& caller, Snowflake thread_id, Snowflake user_id, bool with_member);

  boost::json::object active(const Caller& caller, Snowflake guild_id);
  enum class Archived { public_threads, private_threads, joined_private_threads };
  boost::json::object archived(const Caller& caller, Snowflake channel_id, Archived which,
                               std::optional<std::int64_t> before_ms, std::int64_t limit);

  // PATCH and DELETE /channels/:id when the id is a thread; nothing when it is not one.
  std::optional<boost::json::object> modify_if_thread(const Caller& caller, Snowflake channel_id,
                                                      const boost::json::value& body);
  bool remove_if_thread(const Caller& caller, Snowflake channel_id);

  // Archives threads silent for their auto_archive_duration (since their last message, or since they
  // were created or reopened). Run now and then; returns how many it archived.
  std::size_t archive_inactive();

 private:
  Channel require_thread(const Access::ChannelAccess& access);
  boost::json::object create_thread(const Caller& caller, const Access::ChannelAccess& parent, Snowflake id,
                                    ChannelType type, const std::string& name, std::int64_t auto_archive,
                                    std::int64_t rate_limit, bool invitable);
  // Adds the user; publishes THREAD_MEMBER_UPDATE to them and THREAD_MEMBERS_UPDATE to the guild.
  void add(const Channel& thread, Snowflake user_id);
  void remove(const Channel& thread, Snowflake user_id);
  boost::json::object thread_json(Snowflake thread_id);
  boost::json::object thread_member_json(const ThreadMember& member, const Channel& thread);
  void publish_update(const Channel& thread);

  ServiceContext& context_;
  Access& access_;
  MessageService& messages_;
};

}  // namespace accord
