#include "services/interactions.hpp"

#include "core/form.hpp"
#include "core/random_token.hpp"
#include "services/components.hpp"

namespace accord {
namespace {

constexpr std::size_t token_bytes = 48;

const boost::json::object* object_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_object() : nullptr;
}

std::string string_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::optional<Snowflake> id_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? snowflake_value(*value) : std::nullopt;
}

}  // namespace

struct InteractionService::Invocation {
  Application application;
  User bot;
  Caller caller;
  Access::ChannelAccess access;  // the invoking member's
};

void InteractionService::invoke(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  const auto type =
      form.optional_int("type", interaction_type::application_command, interaction_type::modal_submit);
  if (!form.has("type")) form.fail("type", "BASE_TYPE_REQUIRED", "This field is required");
  const auto* object = body.if_object();
  const auto application_id = object ? id_member(*object, "application_id") : std::nullopt;
  const auto channel_id = object ? id_member(*object, "channel_id") : std::nullopt;
  const auto* data = object ? object_member(*object, "data") : nullptr;
  if (!application_id) form.fail("application_id", "BASE_TYPE_REQUIRED", "This field is required");
  if (!channel_id) form.fail("channel_id", "BASE_TYPE_REQUIRED", "This field is required");
  if (!data) form.fail("data", "BASE_TYPE_REQUIRED", "This field is required");
  form.finish();

  auto access = access_.channel(*channel_id, caller.user.id);
  auto application = context_.store.find_application(*application_id);
  const auto bot = application && application->bot_user_id
                       ? context_.store.find_user(*application->bot_user_id)
                       : std::nullopt;
  if (!bot || !context_.store.find_member(*access.channel.guild_id, bot->id))
    throw ApiError::unknown(10002, "Application");
  Invocation invocation{std::move(*application), *bot, caller, access};

  Interaction interaction;
  interaction.id = context_.ids.next();
  interaction.token = to_string(interaction.id) + "." + random_token(token_bytes);
  interaction.application_id = invocation.application.id;
  interaction.type = *type;
  interaction.user_id = caller.user.id;
  interaction.guild_id = access.channel.guild_id;
  interaction.channel_id = access.channel.id;
  interaction.created_at_ms = context_.clock.now_ms();
  if (const auto* nonce = object->if_contains("nonce"); nonce && nonce->is_string())
    interaction.nonce = std::string(nonce->as_string());

  Permissions bot_permissions = 0;
  try {
    bot_permissions = access_.channel(access.channel.id, bot->id).permissions;
  } catch (const ApiError&) {
  }
  auto member = member_json(access.membership.member, &caller.user);
  member["permissions"] = std::to_string(access.permissions);
  boost::json::object payload{
      {"id", to_string(interaction.id)},
      {"application_id", to_string(interaction.application_id)},
      {"type", interaction.type},
      {"guild_id", to_string(*access.channel.guild_id)},
      {"channel_id", to_string(access.channel.id)},
      {"channel", channel_json(access.channel)},
      {"member", std::move(member)},
      {"token", interaction.token},
      {"version", 1},
      {"app_permissions", std::to_string(bot_permissions)},
      {"locale", caller.user.locale},
      {"guild_locale", "en-US"},
      {"entitlements", boost::json::array{}},
      {"authorizing_integration_owners", {{"0", to_string(*access.channel.guild_id)}}},
      {"context", 0},
      {"attachment_size_limit", context_.config.get()->limits.max_attachment_bytes},
  };
  switch (*type) {
    case interaction_type::application_command:
    case interaction_type::autocomplete:
      payload["data"] = command_data(*data, invocation, interaction);
      break;
    case interaction_type::message_component:
      payload["data"] = component_data(*object, *data, invocation, interaction, payload);
      break;
    default:
      payload["data"] = modal_data(*data, caller, interaction);
      break;
  }
  context_.store.save_interaction(interaction);
  tell_user(interaction, "INTERACTION_CREATE", {});
  context_.bus.publish({"INTERACTION_CREATE", std::move(payload), Audience::user(bot->id)});
}

boost::json::object InteractionService::command_data(const boost::json::object& data,
                                                     const Invocation& invocation, Interaction& interaction) {
  if (!has(invocation.access.permissions, permission::use_application_commands))
    throw ApiError::missing_permissions();
  const auto command_id = id_member(data, "id");
  auto command = command_id ? context_.store.find_command(*command_id) : std::nullopt;
  if (!command || command->application_id != invocation.application.id ||
      (command->guild_id && command->guild_id != invocation.access.channel.guild_id))
    throw ApiError::unknown(10063, "application command");
  // default_member_permissions: members must hold every bit to use the command (administrators do).
  if (const auto* wanted = command->body.if_contains("default_member_permissions");
      wanted && wanted->is_string()) {
    const auto bits = parse_snowflake(wanted->as_string()).value_or(0);
    if ((invocation.access.membership.permissions() & bits) != bits) throw ApiError::missing_permissions();
  }
  interaction.name = command->name;
  interaction.command_type = command->type;

  const auto guild_id = *invocation.access.channel.guild_id;
  boost::json::object users, members, roles, channels, messages;
  auto resolve_user = [&](Snowflake id) {
    auto user = context_.store.find_user(id);
    if (!user) return false;
    users[to_string(id)] = public_user_json(*user);
    if (auto member = context_.store.find_member(guild_id, id)) {
      auto json = member_json(*member, nullptr);
      try {
        json["permissions"] = std::to_string(access_.channel(invocation.access.channel.id, id).permissions);
      } catch (const ApiError&) {
        json["permissions"] = "0";
      }
      members[to_string(id)] = std::move(json);
    }
    return true;
  };
  auto resolve_role = [&](Snowflake id) {
    const auto* role = invocation.access.membership.find_role(id);
    if (role) roles[to_string(id)] = role_json(*role);
    return role != nullptr;
  };
  auto resolve_channel = [&](Snowflake id) {
    auto channel = context_.store.find_channel(id);
    if (!channel || channel->guild_id != guild_id) return;
    auto json = channel_json(*channel);
    json["permissions"] = std::to_string(invocation.access.membership.permissions_in(*channel));
    channels[to_string(id)] = std::move(json);
  };
  // Options arrive as the client typed them; users, roles and channels they name are resolved.
  std::function<boost::json::array(const boost::json::value*)> read_options =
      [&](const boost::json::value* value) {
        boost::json::array options;
        if (!value || !value->is_array()) return options;
        for (const auto& item : value->as_array()) {
          const auto* option = item.if_object();
          if (!option) continue;
          boost::json::object copy = *option;
          const auto type =
              copy.contains("type") && copy.at("type").is_int64() ? copy.at("type").as_int64() : 0;
          const auto id = id_member(copy, "value");
          if (id && (type == 6 || type == 9)) {
            if (!resolve_user(*id) && type == 9) resolve_role(*id);
          }
          if (id && type == 8) resolve_role(*id);
          if (id && type == 7) resolve_channel(*id);
          if (copy.contains("options")) copy["options"] = read_options(copy.if_contains("options"));
          options.push_back(std::move(copy));
        }
        return options;
      };
  boost::json::object result{{"id", to_string(command->id)},
                             {"name", command->name},
                             {"type", command->type},
                             {"options", read_options(data.if_contains("options"))}};
  if (command->guild_id) result["guild_id"] = to_string(*command->guild_id);
  if (const auto target = id_member(data, "target_id")) {
    result["target_id"] = to_string(*target);
    if (command->type == command_type::user) resolve_user(*target);
    if (command->type == command_type::message) {
      auto message = context_.store.find_message(*target);
      if (!message || message->channel_id != invocation.access.channel.id || message->visible_to)
        throw ApiError::unknown(10008, "Message");
      messages[to_string(*target)] = messages_.to_json(*message);
    }
  }
  boost::json::object resolved;
  if (!users.empty()) resolved["users"] = std::move(users);
  if (!members.empty()) resolved["members"] = std::move(members);
  if (!roles.empty()) resolved["roles"] = std::move(roles);
  if (!channels.empty()) resolved["channels"] = std::move(channels);
  if (!messages.empty()) resolved["messages"] = std::move(messages);
  if (!resolved.empty()) result["resolved"] = std::move(resolved);
  return result;
}

boost::json::object InteractionService::component_data(const boost::json::object& root,
                                                       const boost::json::object& data,
                                                       const Invocation& invocation, Interaction& interaction,
                                                       boost::json::object& payload) {
  // The clicked message's id travels beside `data`, as the official client sends it.
  const auto message_id = id_member(root, "message_id");
  auto message = message_id ? context_.store.find_message(*message_id) : std::nullopt;
  const bool ours =
      message && message->channel_id == invocation.access.channel.id &&
      (message->application_id == invocation.application.id || message->author_id == invocation.bot.id) &&
      (!message->visible_to || message->visible_to == invocation.caller.user.id);
  if (!ours) throw ApiError::unknown(10008, "Message");
  const auto custom_id = string_member(data, "custom_id");
  const auto* component = find_component(message->components, custom_id);
  if (!component) throw ApiError::invalid_field("data", "COMPONENT_UNKNOWN", "Unknown component.");
  const auto* disabled = component->if_contains("disabled");
  if (disabled && disabled->is_bool() && disabled->as_bool())
    throw ApiError::invalid_field("data", "COMPONENT_DISABLED", "This component is disabled.");
  interaction.message_id = message->id;
  interaction.ephemeral = message->visible_to.has_value();
  if (!message->interaction.empty()) interaction.name = string_member(message->interaction, "name");
  boost::json::object result{{"custom_id", custom_id}, {"component_type", component->at("type")}};
  if (const auto* values = data.if_contains("values"); values && values->is_array()) {
    boost::json::array strings;
    for (const auto& value : values->as_array()) {
      if (value.is_string()) strings.push_back(value);
    }
    result["values"] = std::move(strings);
  }
  payload["message"] = messages_.to_json(*message);
  return result;
}

boost::json::object InteractionService::modal_data(const boost::json::object& data, const Caller& caller,
                                                   Interaction& interaction) {
  const auto custom_id = string_member(data, "custom_id");
  const auto modal_id = id_member(data, "id");
  const auto modal = modal_id ? context_.store.find_interaction(*modal_id) : std::nullopt;
  if (!modal || modal->user_id != caller.user.id || modal->application_id != interaction.application_id ||
      modal->response_type != callback_type::modal || modal->modal_custom_id != custom_id ||
      modal->channel_id != interaction.channel_id) {
    throw ApiError::invalid_field("data", "INTERACTION_UNKNOWN_MODAL", "Unknown modal.");
  }
  // A modal opened from a component may update that component's message.
  interaction.message_id = modal->message_id;
  interaction.name = modal->name;
  boost::json::array rows;
  if (const auto* list = data.if_contains("components"); list && list->is_array()) {
    for (const auto& row : list->as_array()) {
      const auto* row_object = row.if_object();
      const auto* children = row_object ? row_object->if_contains("components") : nullptr;
      boost::json::array inputs;
      if (children && children->is_array()) {
        for (const auto& child : children->as_array()) {
          const auto* input = child.if_object();
          if (!input) continue;
          inputs.push_back({{"type", 4},
                            {"custom_id", string_member(*input, "custom_id")},
                            {"value", string_member(*input, "value")}});
        }
      }
      rows.push_back({{"type", 1}, {"components", std::move(inputs)}});
    }
  }
  return {{"custom_id", custom_id}, {"components", std::move(rows)}};
}

void InteractionService::tell_user(const Interaction& interaction, const char* event_name,
                                   boost::json::object payload) {
  payload["id"] = to_string(interaction.id);
  payload["nonce"] = interaction.nonce ? boost::json::value(*interaction.nonce) : boost::json::value(nullptr);
  context_.bus.publish({event_name, std::move(payload), Audience::user(interaction.user_id)});
}

MessageOrigin InteractionService::origin_for(const Interaction& interaction, bool ephemeral,
                                             std::int64_t type) {
  const auto application = context_.store.find_application(interaction.application_id);
  const auto user = context_.store.find_user(interaction.user_id);
  MessageOrigin origin;
  origin.author_id =
      application && application->bot_user_id ? *application->bot_user_id : interaction.application_id;
  origin.type = type;
  origin.webhook_id = interaction.application_id;
  origin.application_id = interaction.application_id;
  origin.interaction = {
      {"id", to_string(interaction.id)},
      {"type", interaction.type},
      {"user", user ? public_user_json(*user) : boost::json::object{}},
      {"authorizing_integration_owners",
       {{"0", interaction.guild_id ? to_string(*interaction.guild_id) : std::string("0")}}}};
  if (!interaction.name.empty()) origin.interaction["name"] = interaction.name;
  if (interaction.message_id)
    origin.interaction["interacted_message_id"] = to_string(*interaction.message_id);
  if (ephemeral) origin.visible_to = interaction.user_id;
  return origin;
}

boost::json::object InteractionService::callback(Snowflake interaction_id, const std::string& token,
                                                 const boost::json::value& body,
                                                 const std::vector<UploadedFile>& files) {
  auto interaction = context_.store.find_interaction(interaction_id);
  if (!interaction || interaction->token != token) throw ApiError::unknown(10062, "interaction");
  if (interaction->response_type) throw ApiError(400, 40060, "Interaction has already been acknowledged.");
  const auto config = context_.config.get();
  if (interaction->failed ||
      context_.clock.now_ms() - interaction->created_at_ms > config->interactions.response_seconds * 1000)
    throw ApiError::unknown(10062, "interaction");

  FormReader form(body);
  const auto type = form.optional_int("type", callback_type::pong, callback_type::modal);
  if (!type) form.fail("type", "BASE_TYPE_REQUIRED", "This field is required");
  const auto* object = body.if_object();
  const auto* data_object = object ? object_member(*object, "data") : nullptr;
  const boost::json::value data = data_object ? boost::json::value(*data_object) : boost::json::object{};
  form.finish();
  // What each kind of interaction may be answered with.
  const bool from_component = interaction->message_id.has_value();
  bool allowed = false;
  switch (interaction->type) {
    case interaction_type::application_command:
      allowed = *type == callback_type::channel_message || *type == callback_type::deferred_channel_message ||
                *type == callback_type::modal;
      break;
    case interaction_type::message_component:
      allowed = (*type >= callback_type::channel_message && *type <= callback_type::update_message) ||
                *type == callback_type::modal;
      break;
    case interaction_type::autocomplete:
      allowed = *type == callback_type::autocomplete_result;
      break;
    case interaction_type::modal_submit:
      allowed = *type == callback_type::channel_message || *type == callback_type::deferred_channel_message ||
                (from_component &&
                 (*type == callback_type::deferred_update_message || *type == callback_type::update_message));
      break;
  }
  if (!allowed)
    throw ApiError::invalid_field("type", "INTERACTION_RESPONSE_TYPE_INVALID",
                                  "Interaction response type not valid.");

  // Claim the answer first, so two racing callbacks cannot both post; a failed answer gives it back.
  if (!context_.store.answer_interaction(interaction->id, *type))
    throw ApiError(400, 40060, "Interaction has already been acknowledged.");
  const auto unanswered = *interaction;
  boost::json::object resource{{"type", *type}};
  try {
    const auto flags = data.as_object().if_contains("flags");
    const bool ephemeral = flags && flags->is_int64() && (flags->as_int64() & message_flag_ephemeral);
    const std::int64_t message_type = interaction->type == interaction_type::message_component ? 19
                                      : interaction->command_type > command_type::chat_input   ? 23
                                                                                               : 20;
    auto channel = context_.store.find_channel(interaction->channel_id);
    if (!channel) throw ApiError::unknown(10003, "Channel");
    if (*type == callback_type::channel_message || *type == callback_type::deferred_channel_message) {
      auto origin = origin_for(*interaction, ephemeral, message_type);
      if (interaction->type == interaction_type::message_component) origin.reply_to = interaction->message_id;
      if (*type == callback_type::deferred_channel_message) origin.extra_flags = message_flag_loading;
      const auto message = messages_.create_from(
          *channel, origin, *type == callback_type::channel_message ? data : boost::json::object{}, files);
      interaction->original_message_id = message.id;
      interaction->ephemeral = ephemeral;
      resource["message"] = messages_.to_json(message);
    } else if (*type == callback_type::deferred_update_message || *type == callback_type::update_message) {
      auto message = context_.store.find_message(*interaction->message_id);
      if (!message) throw ApiError::unknown(10008, "Message");
      if (*type == callback_type::update_message)
        *message = messages_.edit_from(std::move(*message), data, files);
      interaction->original_message_id = message->id;
      resource["message"] = messages_.to_json(*message);
    } else if (*type == callback_type::autocomplete_result) {
      const auto* choices = data.as_object().if_contains("choices");
      if (!choices || !choices->is_array() || choices->as_array().size() > 25)
        throw ApiError::invalid_field("choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      tell_user(*interaction, "APPLICATION_COMMAND_AUTOCOMPLETE_RESPONSE", {{"choices", *choices}});
    } else {
      FormReader modal(data);
      auto custom_id = modal.required_string("custom_id", 1, 100);
      auto title = modal.required_string("title", 1, 45);
      boost::json::array components;
      if (modal.has("components")) {
        components = read_components(data.as_object().at("components"), modal.errors(), true);
      } else {
        modal.fail("components", "BASE_TYPE_REQUIRED", "This field is required");
      }
      modal.finish();
      interaction->modal_custom_id = custom_id;
      const auto application = context_.store.find_application(interaction->application_id);
      tell_user(*interaction, "INTERACTION_MODAL_CREATE",
                {{"custom_id", *custom_id},
                 {"title", *title},
                 {"components", std::move(components)},
                 {"application",
                  {{"id", to_string(interaction->application_id)},
                   {"name", application ? application->name : std::string()},
                   {"icon", nullptr}}}});
    }
  } catch (...) {
    context_.store.save_interaction(unanswered);
    throw;
  }
  interaction->response_type = *type;
  context_.store.save_interaction(*interaction);
  tell_user(*interaction, "INTERACTION_SUCCESS", {});
  boost::json::object callback{{"id", to_string(interaction->id)},
                               {"type", interaction->type},
                               {"response_message_loading", *type == callback_type::deferred_channel_message},
                               {"response_message_ephemeral", interaction->ephemeral}};
  if (interaction->original_message_id)
    callback["response_message_id"] = to_string(*interaction->original_message_id);
  return {{"interaction", std::move(callback)}, {"resource", std::move(resource)}};
}

bool InteractionService::is_interaction_token(Snowflake application_id, const std::string& token) {
  const auto interaction = context_.store.find_interaction_by_token(token);
  return interaction && interaction->application_id == application_id;
}

Interaction InteractionService::require_live(Snowflake application_id, const std::string& token) {
  auto interaction = context_.store.find_interaction_by_token(token);
  if (!interaction || interaction->application_id != application_id)
    throw ApiError::unknown(10015, "Webhook");
  const auto lifetime_ms = context_.config.get()->interactions.token_seconds * 1000;
  if (context_.clock.now_ms() - interaction->created_at_ms > lifetime_ms)
    throw ApiError(401, 50027, "Invalid Webhook Token");
  if (!interaction->response_type) throw ApiError::unknown(10015, "Webhook");
  return std::move(*interaction);
}

Message InteractionService::require_response(const Interaction& interaction,
                                             std::optional<Snowflake> message_id) {
  const auto id = message_id ? message_id : interaction.original_message_id;
  auto message = id ? context_.store.find_message(*id) : std::nullopt;
  if (!message) throw ApiError::unknown(10008, "Message");
  const auto* answered = message->interaction.if_contains("id");
  const bool belongs =
      id == interaction.original_message_id ||
      (answered && answered->is_string() && answered->as_string() == to_string(interaction.id));
  if (!belongs) throw ApiError::unknown(10008, "Message");
  return std::move(*message);
}

boost::json::object InteractionService::follow_up(Snowflake application_id, const std::string& token,
                                                  const boost::json::value& body,
                                                  const std::vector<UploadedFile>& files) {
  auto interaction = require_live(application_id, token);
  auto channel = context_.store.find_channel(interaction.channel_id);
  if (!channel) throw ApiError::unknown(10003, "Channel");
  const auto* object = body.if_object();
  const auto* flags = object ? object->if_contains("flags") : nullptr;
  const bool ephemeral = flags && flags->is_int64() && (flags->as_int64() & message_flag_ephemeral);
  const auto message = messages_.create_from(*channel, origin_for(interaction, ephemeral, 0), body, files);
  interaction.followups++;
  context_.store.save_interaction(interaction);
  return messages_.to_json(message);
}

boost::json::object InteractionService::get_message(Snowflake application_id, const std::string& token,
                                                    std::optional<Snowflake> message_id) {
  return messages_.to_json(require_response(require_live(application_id, token), message_id));
}

boost::json::object InteractionService::edit_message(Snowflake application_id, const std::string& token,
                                                     std::optional<Snowflake> message_id,
                                                     const boost::json::value& body,
                                                     const std::vector<UploadedFile>& files) {
  auto message = require_response(require_live(application_id, token), message_id);
  return messages_.to_json(messages_.edit_from(std::move(message), body, files));
}

void InteractionService::delete_message(Snowflake application_id, const std::string& token,
                                        std::optional<Snowflake> message_id) {
  messages_.remove_from(require_response(require_live(application_id, token), message_id));
}

void InteractionService::expire() {
  const auto config = context_.config.get();
  const auto now = context_.clock.now_ms();
  for (const auto& interaction :
       context_.store.take_unanswered(now - config->interactions.response_seconds * 1000))
    tell_user(interaction, "INTERACTION_FAILURE", {});
  context_.store.forget_interactions(now - config->interactions.token_seconds * 1000 - 60'000);
}

}  // namespace accord
