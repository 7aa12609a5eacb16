#include "services/threads.hpp"

#include <algorithm>

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/timestamp.hpp"
#include "events/event.hpp"
#include "perm/permissions.hpp"

namespace accord {
namespace {

constexpr std::int64_t has_thread_flag = 1 << 5;

bool valid_archive_duration(std::int64_t minutes) {
  return minutes == 60 || minutes == 1440 || minutes == 4320 || minutes == 10080;
}

std::int64_t read_archive_duration(FormReader& form) {
  const auto minutes = form.optional_int("auto_archive_duration", 60, 10080).value_or(4320);
  if (!valid_archive_duration(minutes))
    form.fail("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.");
  return minutes;
}

ApiError archived_thread() {
  return ApiError(400, 50083, "Thread is archived");
}

}  // namespace

Channel ThreadService::require_thread(const Access::ChannelAccess& access) {
  if (!access.channel.thread) throw ApiError(400, 50024, "Cannot execute action on this channel type");
  return access.channel;
}

boost::json::object ThreadService::thread_json(Snowflake thread_id) {
  const auto thread = context_.store.find_channel(thread_id);
  if (!thread) throw ApiError::unknown(10003, "Channel");
  return channel_json(*thread);
}

boost::json::object ThreadService::thread_member_json(const ThreadMember& member, const Channel& thread) {
  return {{"id", to_string(member.thread_id)},
          {"user_id", to_string(member.user_id)},
          {"join_timestamp", iso_timestamp(member.joined_at_ms)},
          {"flags", 0},
          {"guild_id", to_string(*thread.guild_id)}};
}

void ThreadService::publish_update(const Channel& thread) {
  context_.bus.publish({"THREAD_UPDATE", thread_json(thread.id), Audience::guild(*thread.guild_id), thread.id,
                        intent::guilds});
}

void ThreadService::add(const Channel& thread, Snowflake user_id) {
  const ThreadMember member{thread.id, user_id, context_.clock.now_ms()};
  if (!context_.store.add_thread_member(member)) return;
  // Discord tells a user added to a thread about the thread itself first: clients drop member
  // events for threads they do not know.
  context_.bus.publish({"THREAD_CREATE", thread_json(thread.id), Audience::user(user_id), std::nullopt, 0});
  context_.bus.publish(
      {"THREAD_MEMBER_UPDATE", thread_member_json(member, thread), Audience::user(user_id), std::nullopt, 0});
  const auto count = static_cast<std::int64_t>(context_.store.list_thread_members(thread.id).size());
  context_.bus.publish({"THREAD_MEMBERS_UPDATE",
                        {{"id", to_string(thread.id)},
                         {"guild_id", to_string(*thread.guild_id)},
                         {"member_count", count},
                         {"added_members", boost::json::array{thread_member_json(member, thread)}}},
                        Audience::guild(*thread.guild_id),
                        thread.id,
                        intent::guild_members});
}

void ThreadService::remove(const Channel& thread, Snowflake user_id) {
  if (!context_.store.remove_thread_member(thread.id, user_id)) return;
  const auto count = static_cast<std::int64_t>(context_.store.list_thread_members(thread.id).size());
  boost::json::object event{
      {"id", to_string(thread.id)},
      {"guild_id", to_string(*thread.guild_id)},
      {"member_count", count},
      {"removed_member_ids", boost::json::array{boost::json::value(to_string(user_id))}}};
  // The one who left hears it even if they can no longer see a private thread.
  context_.bus.publish({"THREAD_MEMBERS_UPDATE", event, Audience::user(user_id), std::nullopt, 0});
  context_.bus.publish({"THREAD_MEMBERS_UPDATE", std::move(event), Audience::guild(*thread.guild_id),
                        thread.id, intent::guild_members});
}

boost::json::object ThreadService::create_thread(const Caller& caller, const Access::ChannelAccess& parent,
                                                 Snowflake id, ChannelType type, const std::string& name,
                                                 std::int64_t auto_archive, std::int64_t rate_limit,
                                                 bool invitable) {
  Channel thread;
  thread.id = id;
  thread.guild_id = parent.channel.guild_id;
  thread.type = type;
  thread.name = name;
  thread.parent_id = parent.channel.id;
  thread.rate_limit_per_user = rate_limit;
  ThreadMetadata metadata;
  metadata.owner_id = caller.user.id;
  metadata.auto_archive_duration = auto_archive;
  metadata.created_at_ms = context_.clock.now_ms();
  metadata.archived_at_ms = metadata.created_at_ms;
  metadata.invitable = invitable;
  thread.thread = metadata;
  context_.store.save_channel(thread);
  // The creator joins first, so a private thread is visible to them when THREAD_CREATE is filtered.
  context_.store.add_thread_member({thread.id, caller.user.id, metadata.created_at_ms});
  auto json = thread_json(thread.id);
  auto event = json;
  event["newly_created"] = true;
  context_.bus.publish(
      {"THREAD_CREATE", std::move(event), Audience::guild(*thread.guild_id), thread.id, intent::guilds});
  context_.bus.publish({"THREAD_MEMBER_UPDATE",
                        thread_member_json({thread.id, caller.user.id, metadata.created_at_ms}, thread),
                        Audience::user(caller.user.id), std::nullopt, 0});
  return json;
}

boost::json::object ThreadService::start_from_message(const Caller& caller, Snowflake channel_id,
                                                      Snowflake message_id, const boost::json::value& body) {
  auto parent = access_.require_in_channel(channel_id, caller.user.id, permission::create_public_threads);
  if (parent.channel.type != ChannelType::guild_text &&
      parent.channel.type != ChannelType::guild_announcement)
    throw ApiError(400, 50024, "Cannot execute action on this channel type");
  auto message = context_.store.find_message(message_id);
  if (!message || message->channel_id != channel_id) throw ApiError::unknown(10008, "Message");
  FormReader form(body);
  auto name = form.required_string("name", 1, 100);
  const auto auto_archive = read_archive_duration(form);
  const auto rate_limit = form.optional_int("rate_limit_per_user", 0, 21600).value_or(0);
  form.finish();
  if (context_.store.find_channel(message_id))
    throw ApiError(400, 160004, "A thread has already been created for this message");
  const auto type = parent.channel.type == ChannelType::guild_announcement ? ChannelType::announcement_thread
                                                                           : ChannelType::public_thread;
  // The thread takes the message's id, which is how clients find a message's thread.
  auto json = create_thread(caller, parent, message_id, type, *name, auto_archive, rate_limit, true);
  message->flags |= has_thread_flag;
  context_.store.update_message(*message);
  auto updated = messages_.to_json(*message);
  updated["thread"] = json;
  context_.bus.publish({"MESSAGE_UPDATE", std::move(updated), Audience::guild(*message->guild_id), channel_id,
                        intent::guild_messages});
  return json;
}

boost::json::object ThreadService::start(const Caller& caller, Snowflake channel_id,
                                         const boost::json::value& body,
                                         const std::vector<UploadedFile>& files) {
  auto parent = access_.channel(channel_id, caller.user.id);
  FormReader form(body);
  auto name = form.required_string("name", 1, 100);
  const auto auto_archive = read_archive_duration(form);
  const auto rate_limit = form.optional_int("rate_limit_per_user", 0, 21600).value_or(0);
  const bool invitable = form.optional_bool("invitable").value_or(true);

  if (parent.channel.type == ChannelType::guild_forum) {
    // A forum post: a public thread whose first message carries the thread's id.
    const boost::json::value* message = nullptr;
    if (form.has("message") && !form.is_null("message")) message = &body.as_object().at("message");
    if (!message || !message->is_object())
      form.fail("message", "BASE_TYPE_REQUIRED", "This field is required");
    form.finish();
    if (!has(parent.permissions, permission::send_messages)) throw ApiError::missing_permissions();
    const auto id = context_.ids.next();
    auto json =
        create_thread(caller, parent, id, ChannelType::public_thread, *name, auto_archive, rate_limit, true);
    try {
      json["message"] = messages_.create(caller, id, *message, files, id);
    } catch (...) {
      // No empty posts: a first message that fails takes its thread with it.
      context_.store.delete_channel(id);
      context_.bus.publish({"THREAD_DELETE",
                            {{"id", to_string(id)},
                             {"guild_id", to_string(*parent.channel.guild_id)},
                             {"parent_id", to_string(channel_id)},
                             {"type", 11}},
                            Audience::guild(*parent.channel.guild_id),
                            channel_id,
                            intent::guilds});
      throw;
    }
    return json;
  }

  if (parent.channel.type != ChannelType::guild_text &&
      parent.channel.type != ChannelType::guild_announcement)
    throw ApiError(400, 50024, "Cannot execute action on this channel type");
  auto type_number = form.optional_int("type", 10, 12).value_or(12);
  form.finish();
  auto type = static_cast<ChannelType>(type_number);
  if (parent.channel.type == ChannelType::guild_announcement) {
    if (type == ChannelType::private_thread)
      throw ApiError(400, 50024, "Cannot execute action on this channel type");
    type = ChannelType::announcement_thread;
  } else if (type == ChannelType::announcement_thread) {
    type = ChannelType::public_thread;
  }
  const auto needed = type == ChannelType::private_thread ? permission::create_private_threads
                                                          : permission::create_public_threads;
  if (!has(parent.permissions, needed)) throw ApiError::missing_permissions();
  return create_thread(caller, parent, context_.ids.next(), type, *name, auto_archive, rate_limit, invitable);
}

void ThreadService::join(const Caller& caller, Snowflake thread_id) {
  const auto thread = require_thread(access_.channel(thread_id, caller.user.id));
  if (thread.thread->archived) throw archived_thread();
  add(thread, caller.user.id);
}

void ThreadService::leave(const Caller& caller, Snowflake thread_id) {
  const auto thread = require_thread(access_.channel(thread_id, caller.user.id));
  if (thread.thread->archived) throw archived_thread();
  remove(thread, caller.user.id);
}

void ThreadService::add_member(const Caller& caller, Snowflake thread_id, Snowflake user_id) {
  const auto access = access_.require_in_channel(thread_id, caller.user.id, permission::send_messages);
  const auto thread = require_thread(access);
  if (thread.thread->archived) throw archived_thread();
  if (thread.type == ChannelType::private_thread && !thread.thread->invitable &&
      !has(access.permissions, permission::manage_threads)) {
    throw ApiError::missing_permissions();
  }
  if (!context_.store.find_member(*thread.guild_id, user_id)) throw ApiError::unknown(10007, "Member");
  // The new member must be able to see the parent channel, or the thread would be a way round it.
  try {
    auto parent = access_.channel(*thread.parent_id, user_id);
    (void)parent;
  } catch (const ApiError&) {
    throw ApiError::missing_access();
  }
  add(thread, user_id);
}

void ThreadService::remove_member(const Caller& caller, Snowflake thread_id, Snowflake user_id) {
  const auto access = access_.channel(thread_id, caller.user.id);
  const auto thread = require_thread(access);
  if (thread.thread->archived) throw archived_thread();
  const bool moderator = has(access.permissions, permission::manage_threads);
  const bool owner_of_private =
      thread.type == ChannelType::private_thread && thread.thread->owner_id == caller.user.id;
  if (user_id != caller.user.id && !moderator && !owner_of_private) throw ApiError::missing_permissions();
  if (!context_.store.find_thread_member(thread_id, user_id)) throw ApiError::unknown(10007, "Member");
  remove(thread, user_id);
}

boost::json::array ThreadService::members(const Caller& caller, Snowflake thread_id, bool with_member) {
  const auto thread = require_thread(access_.channel(thread_id, caller.user.id));
  boost::json::array list;
  for (const auto& member : context_.store.list_thread_members(thread_id)) {
    auto json = thread_member_json(member, thread);
    if (with_member) {
      const auto guild_member = context_.store.find_member(*thread.guild_id, member.user_id);
      const auto user = context_.store.find_user(member.user_id);
      if (guild_member && user) json["member"] = member_json(*guild_member, &*user);
    }
    list.push_back(std::move(json));
  }
  return list;
}

boost::json::object ThreadService::member(const Caller& caller, Snowflake thread_id, Snowflake user_id,
                                          bool with_member) {
  const auto thread = require_thread(access_.channel(thread_id, caller.user.id));
  const auto member = context_.store.find_thread_member(thread_id, user_id);
  if (!member) throw ApiError::unknown(10007, "Member");
  auto json = thread_member_json(*member, thread);
  if (with_member) {
    const auto guild_member = context_.store.find_member(*thread.guild_id, user_id);
    const auto user = context_.store.find_user(user_id);
    if (guild_member && user) json["member"] = member_json(*guild_member, &*user);
  }
  return json;
}

boost::json::object ThreadService::active(const Caller& caller, Snowflake guild_id) {
  access_.membership(guild_id, caller.user.id);
  boost::json::array threads;
  boost::json::array members;
  for (const auto& thread : context_.store.list_threads(guild_id)) {
    if (thread.thread->archived) continue;
    try {
      access_.channel(thread.id, caller.user.id);
    } catch (const ApiError&) {
      continue;
    }
    threads.push_back(channel_json(thread));
    if (auto member = context_.store.find_thread_member(thread.id, caller.user.id))
      members.push_back(thread_member_json(*member, thread));
  }
  return {{"threads", std::move(threads)}, {"members", std::move(members)}, {"has_more", false}};
}

boost::json::object ThreadService::archived(const Caller& caller, Snowflake channel_id, Archived which,
                                            std::optional<std::int64_t> before_ms, std::int64_t limit) {
  auto parent = access_.require_in_channel(channel_id, caller.user.id, permission::read_message_history);
  if (which == Archived::private_threads && !has(parent.permissions, permission::manage_threads))
    throw ApiError::missing_permissions();
  std::vector<Channel> found;
  for (const auto& thread : context_.store.list_threads(*parent.channel.guild_id)) {
    if (thread.parent_id != channel_id || !thread.thread->archived) continue;
    const bool is_private = thread.type == ChannelType::private_thread;
    if (which == Archived::public_threads && is_private) continue;
    if (which != Archived::public_threads && !is_private) continue;
    if (which == Archived::joined_private_threads &&
        !context_.store.find_thread_member(thread.id, caller.user.id))
      continue;
    if (before_ms && thread.thread->archived_at_ms >= *before_ms) continue;
    found.push_back(thread);
  }
  std::sort(found.begin(), found.end(), [](const Channel& a, const Channel& b) {
    return a.thread->archived_at_ms > b.thread->archived_at_ms;
  });
  const bool has_more = static_cast<std::int64_t>(found.size()) > limit;
  if (has_more) found.resize(static_cast<std::size_t>(limit));
  boost::json::array threads;
  boost::json::array members;
  for (const auto& thread : found) {
    threads.push_back(channel_json(thread));
    if (auto member = context_.store.find_thread_member(thread.id, caller.user.id))
      members.push_back(thread_member_json(*member, thread));
  }
  return {{"threads", std::move(threads)}, {"members", std::move(members)}, {"has_more", has_more}};
}

std::optional<boost::json::object> ThreadService::modify_if_thread(const Caller& caller, Snowflake channel_id,
                                                                   const boost::json::value& body) {
  const auto found = context_.store.find_channel(channel_id);
  if (!found || !found->thread) return std::nullopt;
  const auto access = access_.channel(channel_id, caller.user.id);
  auto thread = access.channel;
  auto& metadata = *thread.thread;
  const bool moderator = has(access.permissions, permission::manage_threads);
  const bool owner = metadata.owner_id == caller.user.id;
  FormReader form(body);
  const bool was_archived = metadata.archived;
  auto name = form.optional_string("name", 1, 100);
  auto archived = form.optional_bool("archived");
  auto locked = form.optional_bool("locked");
  auto invitable = form.optional_bool("invitable");
  auto rate_limit = form.optional_int("rate_limit_per_user", 0, 21600);
  std::optional<std::int64_t> auto_archive;
  if (form.has("auto_archive_duration")) auto_archive = read_archive_duration(form);
  form.finish();

  // Only moderators lock, unlock, reopen a locked thread, or touch someone else's thread.
  if ((locked || invitable || rate_limit) && !moderator) throw ApiError::missing_permissions();
  if (!moderator && !owner && (name || auto_archive || (archived && *archived)))
    throw ApiError::missing_permissions();
  if (metadata.locked && !moderator) throw archived_thread();
  // An archived thread only accepts being unarchived (and what comes with it).
  if (was_archived && !(archived && !*archived) && !moderator) throw archived_thread();
  if (archived && !*archived && metadata.locked && !moderator) throw ApiError::missing_permissions();

  if (name) thread.name = *name;
  if (auto_archive) metadata.auto_archive_duration = *auto_archive;
  if (rate_limit) thread.rate_limit_per_user = *rate_limit;
  if (invitable) metadata.invitable = *invitable;
  if (locked) metadata.locked = *locked;
  if (archived && *archived != metadata.archived) {
    metadata.archived = *archived;
    metadata.archived_at_ms = context_.clock.now_ms();
  }
  context_.store.save_channel(thread);
  publish_update(thread);
  return thread_json(thread.id);
}

std::size_t ThreadService::archive_inactive() {
  const auto now = context_.clock.now_ms();
  std::size_t archived = 0;
  for (auto thread : context_.store.list_open_threads()) {
    auto& metadata = *thread.thread;
    auto last_activity = metadata.archived_at_ms;
    if (thread.last_message_id)
      last_activity = std::max(last_activity, snowflake_unix_ms(*thread.last_message_id));
    if (now - last_activity < metadata.auto_archive_duration * 60'000) continue;
    metadata.archived = true;
    metadata.archived_at_ms = now;
    context_.store.save_channel(thread);
    publish_update(thread);
    ++archived;
  }
  return archived;
}

bool ThreadService::remove_if_thread(const Caller& caller, Snowflake channel_id) {
  const auto found = context_.store.find_channel(channel_id);
  if (!found || !found->thread) return false;
  const auto access = access_.channel(channel_id, caller.user.id);
  if (!has(access.permissions, permission::manage_threads)) throw ApiError::missing_permissions();
  context_.store.delete_channel(channel_id);
  context_.bus.publish({"THREAD_DELETE",
                        {{"id", to_string(channel_id)},
                         {"guild_id", to_string(*found->guild_id)},
                         {"parent_id", to_string(*found->parent_id)},
                         {"type", static_cast<std::int64_t>(found->type)}},
                        Audience::guild(*found->guild_id),
                        *found->parent_id,
                        intent::guilds});
  return true;
}

}  // namespace accord
