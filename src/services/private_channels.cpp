#include "services/private_channels.hpp"

#include <algorithm>

#include "core/api_error.hpp"
#include "core/form.hpp"

namespace accord {
boost::json::object PrivateChannelService::to_json(const Channel& channel, Snowflake viewer) {
  const auto ids = context_.store.list_recipients(channel.id);
  // The others in it; a DM with oneself shows oneself.
  const bool alone = ids.size() == 1;
  std::vector<boost::json::object> recipients;
  for (const auto& user : context_.store.find_users(ids)) {
    if (user.id != viewer || alone) recipients.push_back(public_user_json(user));
  }
  return private_channel_json(channel, recipients);
}

Channel PrivateChannelService::require_recipient(Snowflake channel_id, Snowflake user_id) {
  auto channel = context_.store.find_channel(channel_id);
  if (!channel || !is_private(channel->type)) throw ApiError::unknown(10003, "Channel");
  const auto recipients = context_.store.list_recipients(channel_id);
  if (std::find(recipients.begin(), recipients.end(), user_id) == recipients.end())
    throw ApiError::missing_access();
  return std::move(*channel);
}

Channel PrivateChannelService::require_group(const Caller& caller, Snowflake channel_id) {
  auto channel = require_recipient(channel_id, caller.user.id);
  if (channel.type != ChannelType::group_dm)
    throw ApiError(400, 50024, "Cannot execute action on this channel type");
  return channel;
}

void PrivateChannelService::tell_recipients(const char* event_name, const Channel& channel) {
  for (auto id : context_.store.list_recipients(channel.id))
    context_.bus.publish({event_name, to_json(channel, id), Audience::user(id)});
}

boost::json::object PrivateChannelService::open(const Caller& caller, const boost::json::value& body) {
  const auto* object = body.if_object();
  if (!object) throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  std::vector<Snowflake> others;
  if (const auto* single = object->if_contains("recipient_id"); single && !single->is_null()) {
    const auto id = snowflake_value(*single);
    if (!id) throw ApiError::invalid_field("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    others.push_back(*id);
  } else if (const auto* many = object->if_contains("recipients"); many && many->is_array()) {
    for (const auto& value : many->as_array()) {
      const auto id = snowflake_value(value);
      if (!id) throw ApiError::invalid_field("recipients", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      if (*id != caller.user.id && std::find(others.begin(), others.end(), *id) == others.end())
        others.push_back(*id);
    }
  } else {
    throw ApiError::invalid_field("recipient_id", "BASE_TYPE_REQUIRED", "This field is required");
  }
  for (auto id : others) {
    if (!context_.store.find_user(id)) throw ApiError(400, 50033, "Invalid Recipient(s)");
  }
  const bool group = others.size() > 1 || (object->contains("recipients") && others.empty());
  if (!group) {
    const auto other = others.empty() ? caller.user.id : others.front();
    if (auto existing = context_.store.find_dm(caller.user.id, other)) {
      return to_json(*context_.store.find_channel(*existing), caller.user.id);
    }
    Channel channel;
    channel.id = context_.ids.next();
    channel.type = ChannelType::dm;
    std::vector<Snowflake> recipients{caller.user.id};
    if (other != caller.user.id) recipients.push_back(other);
    context_.store.create_private_channel(channel, recipients);
    tell_recipients("CHANNEL_CREATE", channel);
    return to_json(channel, caller.user.id);
  }
  const auto max_group_size = static_cast<std::size_t>(context_.config.get()->limits.max_group_dm_recipients);
  if (others.size() + 1 > max_group_size) {
    throw ApiError(400, 30004,
                   "Maximum number of group DM recipients reached (" + std::to_string(max_group_size) + ")");
  }
  // A group is made of friends: nobody is put in a conversation by a stranger.
  for (auto id : others) {
    if (!relationships_.are_friends(caller.user.id, id))
      throw ApiError(403, 50007, "Cannot send messages to this user");
  }
  Channel channel;
  channel.id = context_.ids.next();
  channel.type = ChannelType::group_dm;
  channel.owner_id = caller.user.id;
  if (const auto* name = object->if_contains("name");
      name && name->is_string() && name->as_string().size() <= 100)
    channel.name = std::string(name->as_string());
  std::vector<Snowflake> recipients{caller.user.id};
  recipients.insert(recipients.end(), others.begin(), others.end());
  context_.store.create_private_channel(channel, recipients);
  tell_recipients("CHANNEL_CREATE", channel);
  return to_json(channel, caller.user.id);
}

bool PrivateChannelService::is_private_channel(Snowflake channel_id) {
  const auto channel = context_.store.find_channel(channel_id);
  return channel && is_private(channel->type);
}

std::optional<boost::json::object> PrivateChannelService::get_if_private(const Caller& caller,
                                                                         Snowflake channel_id) {
  if (!is_private_channel(channel_id)) return std::nullopt;
  return to_json(require_recipient(channel_id, caller.user.id), caller.user.id);
}

std::optional<boost::json::object> PrivateChannelService::modify_if_private(const Caller& caller,
                                                                            Snowflake channel_id,
                                                                            const boost::json::value& body) {
  if (!is_private_channel(channel_id)) return std::nullopt;
  return modify(caller, channel_id, body);
}

std::optional<boost::json::object> PrivateChannelService::close_if_private(const Caller& caller,
                                                                           Snowflake channel_id) {
  if (!is_private_channel(channel_id)) return std::nullopt;
  return close(caller, channel_id);
}

boost::json::array PrivateChannelService::list(const Caller& caller) {
  boost::json::array list;
  for (const auto& channel : context_.store.list_private_channels(caller.user.id))
    list.push_back(to_json(channel, caller.user.id));
  return list;
}

void PrivateChannelService::post_system_message(const Channel& channel, Snowflake author_id,
                                                std::int64_t type, const std::string& content,
                                                const std::vector<Snowflake>& mentions) {
  Message message;
  message.id = context_.ids.next();
  message.channel_id = channel.id;
  message.author_id = author_id;
  message.type = type;
  message.content = content;
  message.mentions = mentions;
  context_.store.create_message(message);
  const auto author = context_.store.find_user(author_id);
  if (!author) return;
  context_.bus.publish({"MESSAGE_CREATE", message_json(message, *author, context_.store.find_users(mentions)),
                        Audience::channel(channel.id), std::nullopt, intent::direct_messages});
}

boost::json::object PrivateChannelService::modify(const Caller& caller, Snowflake channel_id,
                                                  const boost::json::value& body) {
  auto channel = require_group(caller, channel_id);
  FormReader form(body);
  auto name = form.has("name") ? form.optional_string("name", 0, 100) : std::nullopt;
  std::optional<std::optional<std::string>> icon;
  if (form.has("icon"))
    icon = form.is_null("icon") ? std::optional<std::string>() : form.optional_string("icon", 1, 64 << 20);
  form.finish();
  bool changed = false;
  if (form.has("name") && name.value_or("") != channel.name) {
    channel.name = name.value_or("");
    post_system_message(channel, caller.user.id, 4, channel.name, {});
    changed = true;
  }
  if (icon) {
    const auto max = context_.config.get()->limits.max_image_bytes;
    channel.icon = *icon ? std::optional(media_.save_image("channel-icons", channel.id, **icon, "icon", max))
                         : std::nullopt;
    post_system_message(channel, caller.user.id, 5, "", {});
    changed = true;
  }
  if (changed) {
    context_.store.save_channel(channel);
    for (auto id : context_.store.list_recipients(channel.id))
      context_.bus.publish({"CHANNEL_UPDATE", to_json(channel, id), Audience::user(id)});
  }
  return to_json(channel, caller.user.id);
}

boost::json::object PrivateChannelService::close(const Caller& caller, Snowflake channel_id) {
  auto channel = require_recipient(channel_id, caller.user.id);
  auto json = to_json(channel, caller.user.id);
  if (channel.type == ChannelType::group_dm) {
    remove_recipient(caller, channel_id, caller.user.id);
  } else {
    // Closing a DM hides it for the caller alone; messages stay and it reopens on the next one.
    context_.bus.publish({"CHANNEL_DELETE", json, Audience::user(caller.user.id)});
  }
  return json;
}

void PrivateChannelService::add_recipient(const Caller& caller, Snowflake channel_id, Snowflake user_id) {
  auto channel = require_group(caller, channel_id);
  const auto user = context_.store.find_user(user_id);
  if (!user) throw ApiError::unknown(10013, "User");
  if (!relationships_.are_friends(caller.user.id, user_id))
    throw ApiError(403, 50007, "Cannot send messages to this user");
  const auto max_group_size = static_cast<std::size_t>(context_.config.get()->limits.max_group_dm_recipients);
  if (context_.store.list_recipients(channel_id).size() >= max_group_size) {
    throw ApiError(400, 30004,
                   "Maximum number of group DM recipients reached (" + std::to_string(max_group_size) + ")");
  }
  if (!context_.store.add_recipient(channel_id, user_id)) return;
  context_.bus.publish({"CHANNEL_CREATE", to_json(channel, user_id), Audience::user(user_id)});
  context_.bus.publish({"CHANNEL_RECIPIENT_ADD",
                        {{"channel_id", to_string(channel_id)}, {"user", public_user_json(*user)}},
                        Audience::channel(channel_id)});
  post_system_message(channel, caller.user.id, 1, "", {user_id});
}

void PrivateChannelService::remove_recipient(const Caller& caller, Snowflake channel_id, Snowflake user_id) {
  auto channel = require_group(caller, channel_id);
  // The owner removes anyone; everyone else only leaves.
  if (user_id != caller.user.id && channel.owner_id != caller.user.id) throw ApiError::missing_permissions();
  const auto user = context_.store.find_user(user_id);
  if (!user || !context_.store.remove_recipient(channel_id, user_id)) throw ApiError::unknown(10013, "User");
  context_.bus.publish({"CHANNEL_RECIPIENT_REMOVE",
                        {{"channel_id", to_string(channel_id)}, {"user", public_user_json(*user)}},
                        Audience::channel(channel_id)});
  context_.bus.publish({"CHANNEL_DELETE", private_channel_json(channel, {}), Audience::user(user_id)});
  const auto left = context_.store.list_recipients(channel_id);
  if (left.empty()) {
    context_.store.delete_channel(channel_id);
    return;
  }
  // An owner who leaves hands the group to whoever has been in it longest.
  if (channel.owner_id == user_id) {
    channel.owner_id = left.front();
    context_.store.save_channel(channel);
    for (auto id : left) context_.bus.publish({"CHANNEL_UPDATE", to_json(channel, id), Audience::user(id)});
  }
  post_system_message(channel, caller.user.id, 2, "", {user_id});
}

}  // namespace accord
