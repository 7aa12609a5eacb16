#include "services/application_commands.hpp"

#include <algorithm>

namespace accord {
namespace {

constexpr std::size_t max_options = 25;
constexpr std::size_t max_choices = 25;

using Path = std::vector<std::string>;

Path with(Path path, const std::string& key) {
  path.push_back(key);
  return path;
}

// Chat-input names are lowercase words of letters, digits, '-' and '_'; other scripts pass as is.
bool valid_chat_input_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

const boost::json::value* member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && !value->is_null() ? value : nullptr;
}

std::optional<std::int64_t> int_member(const boost::json::object& object, std::string_view key) {
  const auto* value = member(object, key);
  if (value && value->is_int64()) return value->as_int64();
  return std::nullopt;
}

void check_text(const boost::json::object& object, std::string_view key, std::size_t min, std::size_t max,
                FormErrors& errors, const Path& path) {
  const auto* value = member(object, key);
  const auto* text = value ? value->if_string() : nullptr;
  if (!text || text->size() < min || text->size() > max) {
    errors.add(with(path, std::string(key)), "BASE_TYPE_BAD_LENGTH",
               "Must be between " + std::to_string(min) + " and " + std::to_string(max) + " in length.");
  }
}

// An option (and its sub-options): type 1..11, a valid name, a description, choices.
boost::json::object read_option(const boost::json::value& value, FormErrors& errors, const Path& path) {
  const auto* object = value.if_object();
  if (!object) {
    errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return {};
  }
  const auto type = int_member(*object, "type");
  if (!type || *type < 1 || *type > 11) {
    errors.add(with(path, "type"), "BASE_TYPE_CHOICES",
               "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.");
  }
  check_text(*object, "name", 1, 32, errors, path);
  if (const auto* name = member(*object, "name");
      name && name->is_string() && !valid_chat_input_name(name->as_string())) {
    errors.add(with(path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
  }
  check_text(*object, "description", 1, 100, errors, path);
  boost::json::object stored = *object;
  if (const auto* choices = member(*object, "choices")) {
    if (!choices->is_array() || choices->as_array().size() > max_choices) {
      errors.add(with(path, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    } else {
      for (std::size_t i = 0; i < choices->as_array().size(); ++i) {
        const auto* choice = choices->as_array()[i].if_object();
        const auto choice_path = with(with(path, "choices"), std::to_string(i));
        if (!choice) {
          errors.add(choice_path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
          continue;
        }
        check_text(*choice, "name", 1, 100, errors, choice_path);
        const auto* choice_value = member(*choice, "value");
        if (!choice_value || !(choice_value->is_string() || choice_value->is_number())) {
          errors.add(with(choice_path, "value"), "BASE_TYPE_REQUIRED", "This field is required");
        }
      }
    }
  }
  if (const auto* options = member(*object, "options")) {
    boost::json::array nested;
    if (!options->is_array() || options->as_array().size() > max_options) {
      errors.add(with(path, "options"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    } else {
      for (std::size_t i = 0; i < options->as_array().size(); ++i)
        nested.push_back(
            read_option(options->as_array()[i], errors, with(with(path, "options"), std::to_string(i))));
    }
    stored["options"] = std::move(nested);
  }
  return stored;
}

// The command of `commands` that `command` would replace: the same name and type.
std::vector<ApplicationCommand>::const_iterator find_same(const std::vector<ApplicationCommand>& commands,
                                                          const ApplicationCommand& command) {
  return std::find_if(commands.begin(), commands.end(), [&](const ApplicationCommand& other) {
    return other.name == command.name && other.type == command.type;
  });
}

}  // namespace

Application ApplicationCommandService::require_manager(const Caller& caller, Snowflake application_id,
                                                       std::optional<Snowflake> guild_id) {
  auto application = context_.store.find_application(application_id);
  if (!application) throw ApiError::unknown(10002, "Application");
  if (caller.user.id != application->bot_user_id && caller.user.id != application->owner_id)
    throw ApiError(403, 50001, "Missing Access");
  if (guild_id) {
    if (!context_.store.find_guild(*guild_id)) throw ApiError::unknown(10004, "Guild");
    if (!application->bot_user_id || !context_.store.find_member(*guild_id, *application->bot_user_id))
      throw ApiError(403, 50001, "Missing Access");
  }
  return std::move(*application);
}

ApplicationCommand ApplicationCommandService::require_command(Snowflake application_id,
                                                              std::optional<Snowflake> guild_id,
                                                              Snowflake command_id) {
  auto command = context_.store.find_command(command_id);
  if (!command || command->application_id != application_id || command->guild_id != guild_id)
    throw ApiError::unknown(10063, "application command");
  return std::move(*command);
}

ApplicationCommand ApplicationCommandService::read_command(const boost::json::value& body, FormErrors& errors,
                                                           const Path& path) {
  ApplicationCommand command;
  const auto* object = body.if_object();
  if (!object) {
    errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return command;
  }
  command.type = int_member(*object, "type").value_or(command_type::chat_input);
  if (command.type < command_type::chat_input || command.type > command_type::message) {
    errors.add(with(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.");
  }
  check_text(*object, "name", 1, 32, errors, path);
  if (const auto* name = member(*object, "name"); name && name->is_string()) {
    command.name = std::string(name->as_string());
    if (command.type == command_type::chat_input && !valid_chat_input_name(command.name))
      errors.add(with(path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
  }
  auto& stored = command.body;
  if (command.type == command_type::chat_input) {
    check_text(*object, "description", 1, 100, errors, path);
  } else if (const auto* description = member(*object, "description");
             description && !(description->is_string() && description->as_string().empty())) {
    errors.add(with(path, "description"), "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
               "Context menu commands cannot have description");
  }
  const auto* description = member(*object, "description");
  stored["description"] = description && description->is_string() ? *description : boost::json::value("");
  boost::json::array options;
  if (const auto* list = member(*object, "options")) {
    if (command.type != command_type::chat_input || !list->is_array() ||
        list->as_array().size() > max_options) {
      errors.add(with(path, "options"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    } else {
      bool optional_seen = false;
      for (std::size_t i = 0; i < list->as_array().size(); ++i) {
        const auto option_path = with(with(path, "options"), std::to_string(i));
        auto option = read_option(list->as_array()[i], errors, option_path);
        const auto* required = option.if_contains("required");
        const bool is_required = required && required->is_bool() && required->as_bool();
        if (is_required && optional_seen) {
          errors.add(option_path, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                     "Required options must be placed before non-required options");
        }
        optional_seen = optional_seen || !is_required;
        options.push_back(std::move(option));
      }
    }
  }
  stored["options"] = std::move(options);
  const auto* permissions = member(*object, "default_member_permissions");
  if (permissions && permissions->is_string() && parse_snowflake(permissions->as_string())) {
    stored["default_member_permissions"] = *permissions;
  } else if (permissions && permissions->is_int64() && permissions->as_int64() >= 0) {
    stored["default_member_permissions"] = std::to_string(permissions->as_int64());
  } else if (permissions) {
    errors.add(with(path, "default_member_permissions"), "NUMBER_TYPE_COERCE",
               "Value is not a valid permission set.");
  } else {
    stored["default_member_permissions"] = nullptr;
  }
  auto copy_bool = [&](const char* key, bool fallback) {
    const auto* value = member(*object, key);
    stored[key] = value && value->is_bool() ? value->as_bool() : fallback;
  };
  copy_bool("dm_permission", true);
  copy_bool("nsfw", false);
  copy_bool("default_permission", true);
  for (const char* key : {"name_localizations", "description_localizations"}) {
    const auto* value = member(*object, key);
    stored[key] = value && value->is_object() ? *value : boost::json::value(nullptr);
  }
  for (const char* key : {"contexts", "integration_types"}) {
    const auto* value = member(*object, key);
    stored[key] = value && value->is_array() ? *value : boost::json::value(nullptr);
  }
  if (const auto* id = member(*object, "id")) command.id = snowflake_value(*id).value_or(0);
  command.version = context_.ids.next();
  return command;
}

boost::json::array ApplicationCommandService::list(const Caller& caller, Snowflake application_id,
                                                   std::optional<Snowflake> guild_id) {
  require_manager(caller, application_id, guild_id);
  boost::json::array list;
  for (const auto& command : context_.store.list_commands(application_id, guild_id))
    list.push_back(application_command_json(command));
  return list;
}

boost::json::object ApplicationCommandService::create(const Caller& caller, Snowflake application_id,
                                                      std::optional<Snowflake> guild_id,
                                                      const boost::json::value& body, bool& created) {
  require_manager(caller, application_id, guild_id);
  FormErrors errors;
  auto command = read_command(body, errors, {});
  errors.throw_if_any();
  command.application_id = application_id;
  command.guild_id = guild_id;
  const auto existing = context_.store.list_commands(application_id, guild_id);
  const auto same = find_same(existing, command);
  created = same == existing.end();
  if (created) {
    const auto limit = context_.config.get()->limits.max_application_commands;
    if (static_cast<std::int64_t>(existing.size()) >= limit)
      throw ApiError(400, 30032,
                     "Maximum number of application commands reached (" + std::to_string(limit) + ")");
    command.id = context_.ids.next();
  } else {
    command.id = same->id;
  }
  context_.store.save_command(command);
  return application_command_json(command);
}

boost::json::object ApplicationCommandService::get(const Caller& caller, Snowflake application_id,
                                                   std::optional<Snowflake> guild_id, Snowflake command_id) {
  require_manager(caller, application_id, guild_id);
  return application_command_json(require_command(application_id, guild_id, command_id));
}

boost::json::object ApplicationCommandService::modify(const Caller& caller, Snowflake application_id,
                                                      std::optional<Snowflake> guild_id, Snowflake command_id,
                                                      const boost::json::value& body) {
  require_manager(caller, application_id, guild_id);
  const auto current = require_command(application_id, guild_id, command_id);
  if (!body.is_object())
    throw ApiError::invalid_field("_errors", "MODEL_TYPE_CONVERT", "Body must be an object");
  // A PATCH names only what changes: validate the command it would become.
  auto merged = application_command_json(current);
  for (const auto& [key, value] : body.as_object()) merged[key] = value;
  FormErrors errors;
  auto command = read_command(merged, errors, {});
  errors.throw_if_any();
  command.id = current.id;
  command.application_id = application_id;
  command.guild_id = guild_id;
  try {
    context_.store.save_command(command);
  } catch (const UniqueViolation&) {
    throw ApiError(400, 40041, "An application command with that name already exists");
  }
  return application_command_json(command);
}

void ApplicationCommandService::remove(const Caller& caller, Snowflake application_id,
                                       std::optional<Snowflake> guild_id, Snowflake command_id) {
  require_manager(caller, application_id, guild_id);
  context_.store.delete_command(require_command(application_id, guild_id, command_id).id);
}

boost::json::array ApplicationCommandService::overwrite(const Caller& caller, Snowflake application_id,
                                                        std::optional<Snowflake> guild_id,
                                                        const boost::json::value& body) {
  require_manager(caller, application_id, guild_id);
  const auto* list = body.if_array();
  if (!list) throw ApiError::invalid_field("_errors", "BASE_TYPE_ARRAY", "Must be an array.");
  const auto limit = context_.config.get()->limits.max_application_commands;
  if (static_cast<std::int64_t>(list->size()) > limit)
    throw ApiError(400, 30032,
                   "Maximum number of application commands reached (" + std::to_string(limit) + ")");
  const auto existing = context_.store.list_commands(application_id, guild_id);
  FormErrors errors;
  std::vector<ApplicationCommand> commands;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto command = read_command((*list)[i], errors, {std::to_string(i)});
    command.application_id = application_id;
    command.guild_id = guild_id;
    const auto same = find_same(existing, command);
    command.id = same != existing.end() ? same->id : context_.ids.next();
    if (find_same(commands, command) != commands.end())
      errors.add({std::to_string(i), "name"}, "APPLICATION_COMMAND_NAME_ALREADY_EXISTS",
                 "Application command names must be unique");
    commands.push_back(std::move(command));
  }
  errors.throw_if_any();
  context_.store.replace_commands(application_id, guild_id, commands);
  boost::json::array result;
  for (const auto& command : commands) result.push_back(application_command_json(command));
  return result;
}

boost::json::object ApplicationCommandService::guild_index(const Caller& caller, Snowflake guild_id) {
  access_.membership(guild_id, caller.user.id);
  boost::json::array applications;
  boost::json::array commands;
  for (const auto& member : context_.store.list_members(guild_id, 0, 1000)) {
    auto user = context_.store.find_user(member.user_id);
    if (!user || !user->bot) continue;
    auto application = context_.store.find_application_by_bot(user->id);
    if (!application) continue;
    applications.push_back({{"id", to_string(application->id)},
                            {"name", application->name},
                            {"icon", application->icon ? boost::json::value(*application->icon) : nullptr},
                            {"description", application->description},
                            {"bot_id", to_string(user->id)}});
    for (const auto& scope : {std::optional<Snowflake>(), std::optional<Snowflake>(guild_id)}) {
      for (const auto& command : context_.store.list_commands(application->id, scope))
        commands.push_back(application_command_json(command));
    }
  }
  return {{"applications", std::move(applications)}, {"application_commands", std::move(commands)}};
}

}  // namespace accord
