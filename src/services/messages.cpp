#include "services/messages.hpp"

#include <algorithm>
#include <regex>

#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/timestamp.hpp"
#include "services/components.hpp"
#include "services/reactions.hpp"

namespace accord {
namespace {

struct Mentions {
  std::vector<Snowflake> users;
  std::vector<Snowflake> roles;
  bool everyone = false;
};

// Parses <@id>, <@!id>, <@&id>, @everyone and @here, then keeps what allowed_mentions lets through.
Mentions parse_mentions(const std::string& content, const boost::json::object* allowed) {
  Mentions found;
  static const std::regex pattern(R"(<@(!|&)?(\d{1,20})>)");
  for (std::sregex_iterator it(content.begin(), content.end(), pattern), end; it != end; ++it) {
    const auto id = parse_snowflake((*it)[2].str());
    if (!id) continue;
    auto& list = (*it)[1].str() == "&" ? found.roles : found.users;
    if (std::find(list.begin(), list.end(), *id) == list.end()) list.push_back(*id);
  }
  found.everyone =
      content.find("@everyone") != std::string::npos || content.find("@here") != std::string::npos;
  if (!allowed) return found;

  auto parse_allows = [&](const char* kind) {
    const auto* parse = allowed->if_contains("parse");
    if (!parse || !parse->is_array()) return false;
    return std::any_of(parse->as_array().begin(), parse->as_array().end(),
                       [&](const boost::json::value& v) { return v.is_string() && v.as_string() == kind; });
  };
  auto explicit_ids = [&](const char* key) {
    std::vector<Snowflake> ids;
    if (const auto* list = allowed->if_contains(key); list && list->is_array()) {
      for (const auto& v : list->as_array()) {
        if (v.is_string()) {
          if (auto id = parse_snowflake(v.as_string())) ids.push_back(*id);
        }
      }
    }
    return ids;
  };
  auto filter = [&](std::vector<Snowflake>& list, const char* kind, const char* key) {
    if (parse_allows(kind)) return;
    const auto ids = explicit_ids(key);
    std::erase_if(list, [&](Snowflake id) { return std::find(ids.begin(), ids.end(), id) == ids.end(); });
  };
  filter(found.users, "users", "users");
  filter(found.roles, "roles", "roles");
  if (!parse_allows("everyone")) found.everyone = false;
  return found;
}

}  // namespace

boost::json::object MessageService::to_json(const Message& message, std::optional<Snowflake> viewer) {
  return render(message, viewer, nullptr);
}

boost::json::object MessageService::to_json(const Message& message, Snowflake viewer,
                                            const PageContext& page) {
  return render(message, viewer, &page);
}

boost::json::object MessageService::render(const Message& message, std::optional<Snowflake> viewer,
                                           const PageContext* page) {
  auto known_user = [&](Snowflake id) -> std::optional<User> {
    if (page) {
      if (auto it = page->users.find(id); it != page->users.end()) return it->second;
      return std::nullopt;
    }
    return context_.store.find_user(id);
  };
  auto author = message.author_name ? std::optional<User>(webhook_author(
                                          message.author_id, *message.author_name, message.author_avatar))
                                    : known_user(message.author_id);
  if (!author) {
    // Deleted accounts keep their messages, shown as Discord shows them.
    author = User{};
    author->id = message.author_id;
    author->username = "Deleted User";
  }
  std::vector<User> mentioned;
  if (page) {
    for (auto id : message.mentions) {
      if (auto user = known_user(id)) mentioned.push_back(std::move(*user));
    }
  } else {
    mentioned = context_.store.find_users(message.mentions);
  }
  auto json = message_json(message, *author, mentioned);
  if (message.reply_to) {
    json["message_reference"] = {{"type", 0},
                                 {"message_id", to_string(*message.reply_to)},
                                 {"channel_id", to_string(message.channel_id)},
                                 {"fail_if_not_exists", false}};
    if (message.guild_id) json["message_reference"].as_object()["guild_id"] = to_string(*message.guild_id);
    // One level only, as Discord: the replied-to message without its own reference resolved.
    auto original = context_.store.find_message(*message.reply_to);
    if (original && original->channel_id == message.channel_id) {
      original->reply_to.reset();
      json["referenced_message"] = to_json(*original);
    } else {
      json["referenced_message"] = nullptr;
    }
  }
  if (viewer) {
    boost::json::array reactions;
    std::vector<Store::ReactionCount> counts;
    if (!page) {
      counts = context_.store.reaction_counts(message.id, *viewer);
    } else if (auto it = page->reactions.find(message.id); it != page->reactions.end()) {
      counts = it->second;
    }
    for (const auto& reaction : counts) {
      reactions.push_back({{"emoji", emoji_json(reaction.emoji)},
                           {"count", reaction.count},
                           {"count_details", {{"burst", 0}, {"normal", reaction.count}}},
                           {"me", reaction.me},
                           {"me_burst", false},
                           {"burst_colors", boost::json::array{}}});
    }
    json["reactions"] = std::move(reactions);
  }
  return json;
}

Message MessageService::require_message(Snowflake channel_id, Snowflake message_id) {
  auto message = context_.store.find_message(message_id);
  // Ephemeral interaction responses are not part of the channel: only their interaction's token reaches them.
  if (!message || message->channel_id != channel_id || message->visible_to)
    throw ApiError::unknown(10008, "Message");
  return std::move(*message);
}

boost::json::array MessageService::read_stickers(FormReader& form, const boost::json::value& body,
                                                 Snowflake guild_id) {
  boost::json::array items;
  if (!form.has("sticker_ids") || form.is_null("sticker_ids")) return items;
  const auto* list = body.as_object().at("sticker_ids").if_array();
  if (!list || list->size() > 3) {
    form.fail("sticker_ids", "BASE_TYPE_MAX_LENGTH", "Must be 3 or fewer in length.");
    return items;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* text = (*list)[i].if_string();
    const auto id = text ? parse_snowflake(*text) : std::nullopt;
    const auto sticker = id ? context_.store.find_sticker(*id) : std::nullopt;
    if (!sticker || sticker->guild_id != guild_id) {
      form.errors().add({"sticker_ids", std::to_string(i)}, "UNKNOWN_STICKER", "Unknown sticker.");
    } else {
      items.push_back(sticker_item_json(*sticker));
    }
  }
  return items;
}

MessageDraft MessageService::read_draft(FormReader& form, const boost::json::value& body,
                                        const std::vector<UploadedFile>& sent_files, Snowflake channel_id) {
  MessageDraft draft;
  // Files come in the request (multipart) or were PUT beforehand (attachments[].uploaded_filename).
  draft.files = sent_files;
  const auto config = context_.config.get();
  const auto max_length = static_cast<std::size_t>(config->limits.max_message_length);
  draft.content = form.optional_string("content", 0, max_length);
  draft.tts = form.optional_bool("tts").value_or(false);
  draft.enforce_nonce = form.optional_bool("enforce_nonce").value_or(false);
  if (form.has("nonce") && !form.is_null("nonce")) {
    const auto& value = body.as_object().at("nonce");
    if (value.is_string() && value.as_string().size() <= 25) {
      draft.nonce = std::string(value.as_string());
    } else if (value.is_int64()) {
      draft.nonce = std::to_string(value.as_int64());
    } else {
      form.fail("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    }
  }
  draft.flags = form.optional_int("flags", 0, 1 << 16).value_or(0);
  if (form.has("embeds") && !form.is_null("embeds")) {
    const auto& list = body.as_object().at("embeds");
    if (!list.is_array() || list.as_array().size() > 10) {
      form.fail("embeds", "BASE_TYPE_MAX_LENGTH", "Must be an array of 10 or fewer embeds.");
    } else {
      for (std::size_t i = 0; i < list.as_array().size(); ++i) {
        if (!list.as_array()[i].is_object()) {
          form.errors().add({"embeds", std::to_string(i)}, "MODEL_TYPE_CONVERT", "Embeds must be objects.");
        } else {
          auto embed = list.as_array()[i].as_object();
          embed["type"] = "rich";
          draft.embeds.push_back(std::move(embed));
        }
      }
    }
  }
  if (form.has("components"))
    draft.components = read_components(body.as_object().at("components"), form.errors());
  if (form.has("message_reference") && !form.is_null("message_reference")) {
    const auto* reference = body.as_object().at("message_reference").if_object();
    const auto* id = reference ? reference->if_contains("message_id") : nullptr;
    draft.reply_to = id && id->is_string() ? parse_snowflake(id->as_string()) : std::nullopt;
    if (const auto* flag = reference ? reference->if_contains("fail_if_not_exists") : nullptr;
        flag && flag->is_bool()) {
      draft.fail_if_not_exists = flag->as_bool();
    }
    if (!draft.reply_to) form.fail("message_reference", "BASE_TYPE_REQUIRED", "message_id is required.");
  }
  if (form.has("allowed_mentions") && !form.is_null("allowed_mentions")) {
    if (const auto* allowed = body.as_object().at("allowed_mentions").if_object())
      draft.allowed_mentions = *allowed;
  }
  // payload_json.attachments[] names and describes files[n] by n; a file it does not mention keeps its own
  // name.
  std::map<std::size_t, std::pair<std::optional<std::string>, std::optional<std::string>>> described;
  if (form.has("attachments") && !form.is_null("attachments")) {
    const auto* list = body.as_object().at("attachments").if_array();
    if (!list) form.fail("attachments", "BASE_TYPE_ARRAY", "Must be an array.");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      const auto* item = (*list)[i].if_object();
      const auto* id = item ? item->if_contains("id") : nullptr;
      std::optional<std::size_t> index;
      if (id && id->is_int64() && id->as_int64() >= 0) index = static_cast<std::size_t>(id->as_int64());
      if (id && id->is_string()) {
        if (auto number = parse_snowflake(id->as_string())) index = static_cast<std::size_t>(*number);
      }
      if (!index) {
        form.errors().add({"attachments", std::to_string(i), "id"}, "BASE_TYPE_REQUIRED",
                          "This field is required");
        continue;
      }
      auto text = [&](const char* key, std::size_t max) -> std::optional<std::string> {
        const auto* value = item->if_contains(key);
        if (!value || !value->is_string() || value->as_string().size() > max) return std::nullopt;
        return std::string(value->as_string());
      };
      described[*index] = {text("filename", 1024), text("description", 1024)};
      if (auto uploaded = text("uploaded_filename", 1024)) {
        if (auto bytes = media_.find_upload(channel_id, *uploaded)) {
          draft.files.push_back({*index, uploaded->substr(uploaded->rfind('/') + 1), std::move(*bytes)});
          draft.uploads_used.push_back(*uploaded);
        } else {
          form.errors().add({"attachments", std::to_string(i), "uploaded_filename"}, "ATTACHMENT_NOT_FOUND",
                            "Unknown uploaded file.");
        }
      }
    }
  }
  if (static_cast<std::int64_t>(draft.files.size()) > config->limits.max_attachments_per_message) {
    form.fail(
        "files", "BASE_TYPE_MAX_LENGTH",
        "Must be " + std::to_string(config->limits.max_attachments_per_message) + " or fewer in length.");
  }
  for (auto& file : draft.files) {
    if (static_cast<std::int64_t>(file.bytes.size()) > config->limits.max_attachment_bytes) {
      throw ApiError(413, 40005, "Request entity too large");
    }
    const auto& [filename, description] = described[file.index];
    if (filename) file.filename = *filename;
    draft.descriptions.push_back(description);
  }
  return draft;
}

void MessageService::attach_files(Message& message, const MessageDraft& draft) {
  // Files go to the blob store before the message row exists, so a stored message never points
  // at a missing file; a crash in between leaves only an unreferenced file.
  for (std::size_t i = 0; i < draft.files.size(); ++i) {
    message.attachments.push_back(
        media_.save_attachment(message.channel_id, draft.files[i], draft.descriptions[i]));
  }
  for (const auto& uploaded : draft.uploads_used) media_.discard_upload(uploaded);
}

void MessageService::resolve_mentions(Message& message, const MessageDraft& draft, const Membership* author,
                                      bool may_mention_everyone) {
  const auto* allowed = draft.allowed_mentions ? &*draft.allowed_mentions : nullptr;
  auto mentions = parse_mentions(message.content, allowed);
  message.mentions.clear();
  for (auto id : mentions.users) {
    if (!message.guild_id || context_.store.find_member(*message.guild_id, id))
      message.mentions.push_back(id);
  }
  if (message.guild_id) {
    const auto roles = author ? author->roles : context_.store.list_roles(*message.guild_id);
    for (auto id : mentions.roles) {
      if (std::any_of(roles.begin(), roles.end(), [&](const Role& role) { return role.id == id; }))
        message.mention_roles.push_back(id);
    }
  }
  message.mention_everyone = mentions.everyone && may_mention_everyone;
}

void MessageService::publish(const char* event_name, const Message& message, boost::json::object json,
                             const std::optional<Member>& member) {
  if (member) json["member"] = member_json(*member, nullptr);
  if (message.visible_to) {
    context_.bus.publish({event_name, std::move(json), Audience::user(*message.visible_to)});
    return;
  }
  if (!message.guild_id) {
    context_.bus.publish({event_name, std::move(json), Audience::channel(message.channel_id), std::nullopt,
                          intent::direct_messages});
    return;
  }
  context_.bus.publish({event_name, std::move(json), Audience::guild(*message.guild_id), message.channel_id,
                        intent::guild_messages});
}

boost::json::object MessageService::create(const Caller& caller, Snowflake channel_id,
                                           const boost::json::value& body,
                                           const std::vector<UploadedFile>& sent_files,
                                           std::optional<Snowflake> forced_id) {
  auto access = access_.require_in_conversation(channel_id, caller.user.id, permission::send_messages);
  if (!is_text_based(access.channel.type))
    throw ApiError(400, 50008, "Cannot send messages in a non-text channel");
  access_.require_may_write_privately(access.channel, caller.user.id);

  FormReader form(body);
  auto draft = read_draft(form, body, sent_files, channel_id);
  boost::json::array sticker_items;
  if (access.channel.guild_id) sticker_items = read_stickers(form, body, *access.channel.guild_id);
  form.finish();
  if ((!draft.content || draft.content->empty()) && draft.embeds.empty() && draft.files.empty() &&
      sticker_items.empty())
    throw ApiError(400, 50006, "Cannot send an empty message");
  if (!draft.files.empty() && !has(access.permissions, permission::attach_files))
    throw ApiError::missing_permissions();
  reopen_thread(access.channel, access.permissions);
  if (draft.tts && !has(access.permissions, permission::send_tts_messages)) draft.tts = false;
  enforce_slowmode(access, caller.user.id);
  std::optional<Message> replied;
  if (draft.reply_to) {
    if (!has(access.permissions, permission::read_message_history)) {
      throw ApiError(403, 160002, "Cannot reply without permission to read message history");
    }
    replied = context_.store.find_message(*draft.reply_to);
    if (!replied || replied->channel_id != channel_id || replied->visible_to) {
      replied.reset();
      if (draft.fail_if_not_exists) {
        throw ApiError::invalid_field("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message");
      }
    }
  }

  // With enforce_nonce, a retried send returns the message the first attempt created.
  if (draft.enforce_nonce && draft.nonce) {
    for (const auto& recent :
         context_.store.list_messages(channel_id, {std::nullopt, std::nullopt, std::nullopt, 50})) {
      if (recent.author_id == caller.user.id && recent.nonce == draft.nonce) return to_json(recent);
    }
  }

  Message message;
  message.id = forced_id.value_or(context_.ids.next());
  message.channel_id = channel_id;
  message.guild_id = access.channel.guild_id;
  message.author_id = caller.user.id;
  message.content = draft.content.value_or("");
  message.tts = draft.tts;
  message.flags = draft.flags & ((1 << 2) | (1 << 12));  // SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS
  message.nonce = draft.nonce;
  message.embeds = std::move(draft.embeds);
  message.sticker_items = std::move(sticker_items);
  // People cannot send interactive components; bots (their own applications) can.
  if (caller.user.bot) message.components = std::move(draft.components);
  if (replied) {
    message.type = 19;
    message.reply_to = replied->id;
  }
  resolve_mentions(message, draft, &access.membership, has(access.permissions, permission::mention_everyone));
  if (access.channel.guild_id) {
    auto_moderation_.check_message(access, caller.user, message.content,
                                   message.mentions.size() + message.mention_roles.size(), message.id);
  }
  attach_files(message, draft);
  // A reply pings its author unless allowed_mentions.replied_user says not to.
  const auto* allowed = draft.allowed_mentions ? &*draft.allowed_mentions : nullptr;
  const auto* replied_user = allowed ? allowed->if_contains("replied_user") : nullptr;
  const bool ping_author = !allowed || (replied_user && replied_user->is_bool() && replied_user->as_bool());
  if (replied && ping_author &&
      std::find(message.mentions.begin(), message.mentions.end(), replied->author_id) ==
          message.mentions.end()) {
    message.mentions.push_back(replied->author_id);
  }
  context_.store.create_message(message);

  auto json = to_json(message);
  publish("MESSAGE_CREATE", message, json,
          access.channel.guild_id ? std::optional(access.membership.member) : std::nullopt);
  return json;
}

void MessageService::reopen_thread(Channel& channel, Permissions permissions) {
  // A locked thread takes messages from moderators only; writing in an archived one reopens it.
  if (channel.thread && channel.thread->locked && !has(permissions, permission::manage_threads))
    throw ApiError(400, 160005, "Thread is locked");
  if (channel.thread && channel.thread->archived) {
    channel.thread->archived = false;
    channel.thread->archived_at_ms = context_.clock.now_ms();
    context_.store.save_channel(channel);
    context_.bus.publish({"THREAD_UPDATE", channel_json(channel), Audience::guild(*channel.guild_id),
                          channel.id, intent::guilds});
  }
}

Message MessageService::create_from(Channel channel, const MessageOrigin& origin,
                                    const boost::json::value& body, const std::vector<UploadedFile>& files) {
  if (!is_text_based(channel.type)) throw ApiError(400, 50008, "Cannot send messages in a non-text channel");
  FormReader form(body);
  auto draft = read_draft(form, body, files, channel.id);
  form.finish();
  const bool empty = (!draft.content || draft.content->empty()) && draft.embeds.empty() &&
                     draft.files.empty() && draft.components.empty();
  if (empty && !(origin.extra_flags & message_flag_loading))
    throw ApiError(400, 50006, "Cannot send an empty message");
  reopen_thread(channel, permission::all);

  Message message;
  message.id = context_.ids.next();
  message.channel_id = channel.id;
  message.guild_id = channel.guild_id;
  message.author_id = origin.author_id;
  message.type = origin.type;
  message.content = draft.content.value_or("");
  message.tts = draft.tts;
  message.flags = (draft.flags & ((1 << 2) | (1 << 12))) | origin.extra_flags;
  if (origin.visible_to) message.flags |= message_flag_ephemeral;
  message.nonce = draft.nonce;
  message.embeds = std::move(draft.embeds);
  message.components = std::move(draft.components);
  message.webhook_id = origin.webhook_id;
  message.application_id = origin.application_id;
  message.author_name = origin.author_name;
  message.author_avatar = origin.author_avatar;
  message.interaction = origin.interaction;
  message.visible_to = origin.visible_to;
  message.reply_to = origin.reply_to;
  attach_files(message, draft);
  resolve_mentions(message, draft, nullptr, origin.may_mention_everyone);
  context_.store.create_message(message);
  std::optional<Member> member;
  if (message.guild_id && !message.author_name)
    member = context_.store.find_member(*message.guild_id, message.author_id);
  publish("MESSAGE_CREATE", message, to_json(message), member);
  return message;
}

boost::json::object MessageService::get(const Caller& caller, Snowflake channel_id, Snowflake message_id) {
  access_.require_in_conversation(channel_id, caller.user.id, permission::read_message_history);
  return to_json(require_message(channel_id, message_id), caller.user.id);
}

boost::json::object MessageService::search(const Caller& caller, Snowflake guild_id, MessageSearch search) {
  const auto membership = access_.membership(guild_id, caller.user.id);
  std::vector<Snowflake> readable;
  for (const auto& channel : context_.store.list_channels(guild_id)) {
    const bool asked = search.channel_ids.empty() ||
                       std::find(search.channel_ids.begin(), search.channel_ids.end(), channel.id) !=
                           search.channel_ids.end();
    if (asked && has(membership.permissions_in(channel),
                     permission::view_channel | permission::read_message_history)) {
      readable.push_back(channel.id);
    }
  }
  search.channel_ids = std::move(readable);
  const auto found = context_.store.search_messages(search);
  boost::json::array messages;
  for (const auto& message : found.messages) {
    auto json = to_json(message, caller.user.id);
    json["hit"] = true;
    messages.push_back(boost::json::array{std::move(json)});
  }
  return {{"total_results", found.total},
          {"messages", std::move(messages)},
          {"doing_deep_historical_index", false},
          {"analytics_id", to_string(context_.ids.next())}};
}

void MessageService::enforce_slowmode(const Access::ChannelAccess& access, Snowflake user_id) {
  const auto seconds = access.channel.rate_limit_per_user;
  const auto exempt = permission::manage_messages | permission::manage_channels;
  if (seconds <= 0 || (access.permissions & exempt) || has(access.permissions, permission::bypass_slowmode))
    return;
  const auto last = context_.store.last_message_by(access.channel.id, user_id);
  if (!last) return;
  const auto wait_ms = snowflake_unix_ms(*last) + seconds * 1000 - context_.clock.now_ms();
  if (wait_ms > 0) {
    ApiError error(429, 20016, "This action cannot be performed due to slowmode rate limit.");
    error.set_retry_after(static_cast<double>(wait_ms) / 1000.0);
    throw error;
  }
}

void MessageService::bulk_remove(const Caller& caller, Snowflake channel_id, const boost::json::value& body) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::manage_messages);
  const auto* object = body.if_object();
  const auto* list = object ? object->if_contains("messages") : nullptr;
  if (!list || !list->is_array()) {
    throw ApiError::invalid_field("messages", "BASE_TYPE_REQUIRED", "This field is required");
  }
  std::vector<Snowflake> ids;
  for (const auto& value : list->as_array()) {
    auto id = value.is_string() ? parse_snowflake(value.as_string()) : std::nullopt;
    if (!id) throw ApiError::invalid_field("messages", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  if (ids.size() < 2 || ids.size() > 100)
    throw ApiError(400, 50016, "You must provide at least 2 and fewer than 100 messages to delete.");
  const auto oldest_allowed = context_.clock.now_ms() - 14LL * 24 * 3600 * 1000;
  for (auto id : ids) {
    if (snowflake_unix_ms(id) < oldest_allowed) {
      throw ApiError(400, 50034, "You can only bulk delete messages that are under 14 days old.");
    }
  }
  // Only this channel's messages go; ids from elsewhere are ignored, as Discord does.
  std::vector<Snowflake> here;
  boost::json::array files;
  for (auto id : ids) {
    if (auto message = context_.store.find_message(id); message && message->channel_id == channel_id) {
      here.push_back(id);
      for (const auto& attachment : message->attachments) files.push_back(attachment);
    }
  }
  context_.store.delete_messages(channel_id, here);
  // Files go after the rows: a crash between leaves unreferenced files, never dangling links.
  for (const auto& attachment : files) media_.remove_attachment(attachment.as_object());
  boost::json::array deleted;
  for (auto id : here) deleted.push_back(boost::json::value(to_string(id)));
  audit_log_.record(caller, *access.channel.guild_id, audit_action::message_bulk_delete, channel_id, {},
                    {{"count", std::to_string(here.size())}});
  context_.bus.publish({"MESSAGE_DELETE_BULK",
                        {{"ids", std::move(deleted)},
                         {"channel_id", to_string(channel_id)},
                         {"guild_id", to_string(*access.channel.guild_id)}},
                        Audience::guild(*access.channel.guild_id),
                        channel_id,
                        intent::guild_messages});
}

void MessageService::ack(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                         std::optional<std::int64_t> mention_count) {
  access_.conversation(channel_id, caller.user.id);
  require_message(channel_id, message_id);
  context_.store.save_read_state({caller.user.id, channel_id, message_id, mention_count.value_or(0)});
  context_.bus.publish({"MESSAGE_ACK",
                        {{"channel_id", to_string(channel_id)},
                         {"message_id", to_string(message_id)},
                         {"version", static_cast<std::int64_t>(context_.clock.now_ms() / 1000)},
                         {"ack_type", 0}},
                        Audience::user(caller.user.id)});
}

boost::json::object MessageService::crosspost(const Caller& caller, Snowflake channel_id,
                                              Snowflake message_id) {
  auto access = access_.require_in_channel(channel_id, caller.user.id, permission::send_messages);
  if (access.channel.type != ChannelType::guild_announcement)
    throw ApiError(400, 50068, "Invalid message type for this operation");
  auto message = require_message(channel_id, message_id);
  if (message.author_id != caller.user.id && !has(access.permissions, permission::manage_messages))
    throw ApiError::missing_permissions();
  constexpr std::int64_t crossposted = 1 << 0;
  if (message.flags & crossposted) throw ApiError(400, 40033, "This message has already been crossposted.");
  message.flags |= crossposted;
  context_.store.update_message(message);
  auto json = to_json(message);
  context_.bus.publish(
      {"MESSAGE_UPDATE", json, Audience::guild(*message.guild_id), channel_id, intent::guild_messages});
  return json;
}

boost::json::object MessageService::prepare_uploads(const Caller& caller, Snowflake channel_id,
                                                    const boost::json::value& body) {
  access_.require_in_channel(channel_id, caller.user.id,
                             permission::send_messages | permission::attach_files);
  const auto config = context_.config.get();
  FormReader form(body);
  const boost::json::array* list = nullptr;
  if (form.has("files") && !form.is_null("files")) list = body.as_object().at("files").if_array();
  if (!list || list->empty() ||
      static_cast<std::int64_t>(list->size()) > config->limits.max_attachments_per_message)
    form.fail("files", "BASE_TYPE_BAD_LENGTH",
              "Must be between 1 and " + std::to_string(config->limits.max_attachments_per_message) +
                  " in length.");
  form.finish();
  boost::json::array attachments;
  FormErrors errors;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* file = (*list)[i].if_object();
    const auto* filename = file ? file->if_contains("filename") : nullptr;
    const auto* size = file ? file->if_contains("file_size") : nullptr;
    if (!filename || !filename->is_string() || filename->as_string().empty()) {
      errors.add({"files", std::to_string(i), "filename"}, "BASE_TYPE_REQUIRED", "This field is required");
      continue;
    }
    if (size && size->is_int64() && size->as_int64() > config->limits.max_attachment_bytes) {
      errors.add({"files", std::to_string(i), "file_size"}, "BINARY_TYPE_MAX_SIZE", "File is too large.");
      continue;
    }
    const auto pending = media_.prepare_upload(channel_id, std::string(filename->as_string()));
    boost::json::object entry{{"upload_url", pending.upload_url},
                              {"upload_filename", pending.upload_filename}};
    entry["id"] = file->contains("id") ? file->at("id") : boost::json::value(static_cast<std::int64_t>(i));
    attachments.push_back(std::move(entry));
  }
  errors.throw_if_any();
  return {{"attachments", std::move(attachments)}};
}

void MessageService::typing(const Caller& caller, Snowflake channel_id) {
  auto access = access_.require_in_conversation(channel_id, caller.user.id, permission::send_messages);
  boost::json::object payload{{"channel_id", to_string(channel_id)},
                              {"user_id", to_string(caller.user.id)},
                              {"timestamp", context_.clock.now_ms() / 1000}};
  if (!access.channel.guild_id) {
    constexpr std::uint64_t direct_message_typing = 1 << 14;
    context_.bus.publish({"TYPING_START", std::move(payload), Audience::channel(channel_id), std::nullopt,
                          direct_message_typing});
    return;
  }
  payload["guild_id"] = to_string(*access.channel.guild_id);
  payload["member"] = member_json(access.membership.member, &caller.user);
  context_.bus.publish({"TYPING_START", std::move(payload), Audience::guild(*access.channel.guild_id),
                        channel_id, intent::guild_message_typing});
}

boost::json::array MessageService::pins(const Caller& caller, Snowflake channel_id) {
  const auto access = access_.conversation(channel_id, caller.user.id);
  boost::json::array list;
  if (!has(access.permissions, permission::read_message_history)) return list;
  for (const auto& message : context_.store.list_pins(channel_id))
    list.push_back(to_json(message, caller.user.id));
  return list;
}

void MessageService::pin(const Caller& caller, Snowflake channel_id, Snowflake message_id, bool pinned) {
  auto access = access_.conversation(channel_id, caller.user.id);
  if (!(access.permissions & (permission::manage_messages | permission::pin_messages))) {
    throw ApiError::missing_permissions();
  }
  auto message = require_message(channel_id, message_id);
  if (message.pinned == pinned) return;
  if (pinned && static_cast<std::int64_t>(context_.store.list_pins(channel_id).size()) >=
                    context_.config.get()->limits.max_pins_per_channel) {
    throw ApiError(400, 30003,
                   "Maximum number of pins reached (" +
                       std::to_string(context_.config.get()->limits.max_pins_per_channel) + ")");
  }
  const auto now = context_.clock.now_ms();
  context_.store.set_pinned(message_id, pinned ? std::optional<std::int64_t>(now) : std::nullopt);
  message.pinned = pinned;
  const auto pins = context_.store.list_pins(channel_id);
  publish("MESSAGE_UPDATE", message, to_json(message));
  boost::json::object pins_update{
      {"channel_id", to_string(channel_id)},
      {"last_pin_timestamp",
       pins.empty() ? boost::json::value(nullptr) : boost::json::value(iso_timestamp(now))}};
  if (!access.channel.guild_id) {
    context_.bus.publish({"CHANNEL_PINS_UPDATE", std::move(pins_update), Audience::channel(channel_id)});
    return;
  }
  audit_log_.record(caller, *access.channel.guild_id,
                    pinned ? audit_action::message_pin : audit_action::message_unpin, message.author_id, {},
                    {{"channel_id", to_string(channel_id)}, {"message_id", to_string(message_id)}});
  pins_update["guild_id"] = to_string(*access.channel.guild_id);
  context_.bus.publish({"CHANNEL_PINS_UPDATE", std::move(pins_update),
                        Audience::guild(*access.channel.guild_id), channel_id, intent::guilds});
}

boost::json::array MessageService::list(const Caller& caller, Snowflake channel_id, const MessagePage& page) {
  const auto access = access_.conversation(channel_id, caller.user.id);
  boost::json::array list;
  // Discord shows a channel's history as empty, not forbidden, to those who may not read it.
  if (!has(access.permissions, permission::read_message_history)) return list;
  const auto messages = context_.store.list_messages(channel_id, page);
  std::vector<Snowflake> user_ids, message_ids;
  for (const auto& message : messages) {
    message_ids.push_back(message.id);
    if (!message.author_name) user_ids.push_back(message.author_id);
    user_ids.insert(user_ids.end(), message.mentions.begin(), message.mentions.end());
  }
  std::sort(user_ids.begin(), user_ids.end());
  user_ids.erase(std::unique(user_ids.begin(), user_ids.end()), user_ids.end());
  PageContext context;
  for (auto& user : context_.store.find_users(user_ids)) context.users.emplace(user.id, std::move(user));
  context.reactions = context_.store.reaction_counts(message_ids, caller.user.id);
  for (const auto& message : messages) list.push_back(to_json(message, caller.user.id, context));
  return list;
}

boost::json::object MessageService::edit(const Caller& caller, Snowflake channel_id, Snowflake message_id,
                                         const boost::json::value& body,
                                         const std::vector<UploadedFile>& files) {
  auto access = access_.conversation(channel_id, caller.user.id);
  auto message = require_message(channel_id, message_id);
  if (message.author_id != caller.user.id)
    throw ApiError(403, 50005, "Cannot edit a message authored by another user");
  apply_edit(message, body, files, has(access.permissions, permission::attach_files), caller.user.bot,
             [&](const Message& edited) {
               if (!access.channel.guild_id) return;
               auto_moderation_.check_message(access, caller.user, edited.content,
                                              edited.mentions.size() + edited.mention_roles.size(),
                                              edited.id);
             });
  return to_json(message);
}

Message MessageService::edit_from(Message message, const boost::json::value& body,
                                  const std::vector<UploadedFile>& files) {
  apply_edit(message, body, files, true, true);
  return message;
}

void MessageService::apply_edit(Message& message, const boost::json::value& body,
                                const std::vector<UploadedFile>& files, bool may_attach,
                                bool may_use_components,
                                const std::function<void(const Message&)>& moderate) {
  FormReader form(body);
  const auto max_length = static_cast<std::size_t>(context_.config.get()->limits.max_message_length);
  if (form.has("content")) message.content = form.optional_string("content", 0, max_length).value_or("");
  constexpr std::int64_t suppress_embeds = 1 << 2;
  if (auto flags = form.optional_int("flags", 0, 1 << 16))
    message.flags = (message.flags & ~suppress_embeds) | (*flags & suppress_embeds);
  if (may_use_components && form.has("components"))
    message.components = read_components(body.as_object().at("components"), form.errors());
  // `attachments` on an edit lists the ones to keep; the rest are removed from the message.
  boost::json::array dropped;
  if (form.has("attachments") && !form.is_null("attachments")) {
    const auto* keep = body.as_object().at("attachments").if_array();
    if (!keep) form.fail("attachments", "BASE_TYPE_ARRAY", "Must be an array.");
    boost::json::array kept;
    for (const auto& attachment : message.attachments) {
      const auto& id = attachment.as_object().at("id");
      const bool listed =
          keep && std::any_of(keep->begin(), keep->end(), [&](const boost::json::value& item) {
            const auto* object = item.if_object();
            const auto* wanted = object ? object->if_contains("id") : nullptr;
            return wanted && *wanted == id;
          });
      (listed ? kept : dropped).push_back(attachment);
    }
    message.attachments = std::move(kept);
  }
  if (form.has("embeds")) {
    const auto& list = body.as_object().at("embeds");
    message.embeds.clear();
    if (list.is_array() && list.as_array().size() <= 10) {
      for (const auto& embed : list.as_array()) {
        if (embed.is_object()) message.embeds.push_back(embed);
      }
    } else if (!list.is_null()) {
      form.fail("embeds", "BASE_TYPE_MAX_LENGTH", "Must be an array of 10 or fewer embeds.");
    }
  }
  form.finish();
  const auto config = context_.config.get();
  if (static_cast<std::int64_t>(message.attachments.size() + files.size()) >
      config->limits.max_attachments_per_message) {
    throw ApiError::invalid_field(
        "files", "BASE_TYPE_MAX_LENGTH",
        "Must be " + std::to_string(config->limits.max_attachments_per_message) + " or fewer in length.");
  }
  for (const auto& file : files) {
    if (static_cast<std::int64_t>(file.bytes.size()) > config->limits.max_attachment_bytes)
      throw ApiError(413, 40005, "Request entity too large");
  }
  if (!files.empty() && !may_attach) throw ApiError::missing_permissions();
  for (const auto& file : files)
    message.attachments.push_back(media_.save_attachment(message.channel_id, file, std::nullopt));
  if (message.content.empty() && message.embeds.empty() && message.attachments.empty() &&
      message.sticker_items.empty() && message.components.empty())
    throw ApiError(400, 50006, "Cannot send an empty message");
  message.edited_at_ms = context_.clock.now_ms();
  message.flags &= ~message_flag_loading;  // a deferred response, now answered
  const auto mentions = parse_mentions(message.content, nullptr);
  message.mentions.clear();
  for (auto id : mentions.users) {
    if (!message.guild_id || context_.store.find_member(*message.guild_id, id))
      message.mentions.push_back(id);
  }
  if (moderate) moderate(message);
  context_.store.update_message(message);
  for (const auto& attachment : dropped) media_.remove_attachment(attachment.as_object());
  publish("MESSAGE_UPDATE", message, to_json(message));
}

void MessageService::remove(const Caller& caller, Snowflake channel_id, Snowflake message_id) {
  auto access = access_.conversation(channel_id, caller.user.id);
  const auto message = require_message(channel_id, message_id);
  if (message.author_id != caller.user.id && !has(access.permissions, permission::manage_messages)) {
    throw ApiError::missing_permissions();
  }
  remove_from(message);
  // A moderator removing someone else's message leaves a trace; authors deleting their own do not.
  if (message.author_id != caller.user.id && access.channel.guild_id) {
    audit_log_.record(caller, *access.channel.guild_id, audit_action::message_delete, message.author_id, {},
                      {{"channel_id", to_string(channel_id)}, {"count", "1"}});
  }
}

void MessageService::remove_from(const Message& message) {
  context_.store.delete_messages(message.channel_id, {message.id});
  for (const auto& attachment : message.attachments) media_.remove_attachment(attachment.as_object());
  boost::json::object payload{{"id", to_string(message.id)}, {"channel_id", to_string(message.channel_id)}};
  if (message.guild_id) payload["guild_id"] = to_string(*message.guild_id);
  publish("MESSAGE_DELETE", message, std::move(payload));
}

}  // namespace accord
