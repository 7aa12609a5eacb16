#include "services/instance_config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/form.hpp"

namespace accord {
namespace {

constexpr const char* storage_key = "runtime_config";

boost::json::value typed(const ConfigField& field, const Config& config) {
  const auto text = field.get(config);
  switch (field.kind) {
    case ConfigField::Kind::boolean:
      return text == "true";
    case ConfigField::Kind::integer:
      return std::stoll(text);
    case ConfigField::Kind::text:
      break;
  }
  return boost::json::value(text);
}

// The JSON value as the text a config field parses, or nothing when its type is wrong.
std::optional<std::string> as_text(const ConfigField& field, const boost::json::value& value) {
  switch (field.kind) {
    case ConfigField::Kind::boolean:
      if (value.is_bool()) return value.get_bool() ? "true" : "false";
      return std::nullopt;
    case ConfigField::Kind::integer:
      if (value.is_int64()) return std::to_string(value.get_int64());
      if (value.is_uint64()) return std::to_string(value.get_uint64());
      return std::nullopt;
    case ConfigField::Kind::text:
      if (value.is_string()) return std::string(value.get_string());
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::map<std::string, std::string> InstanceConfigService::stored() const {
  std::map<std::string, std::string> values;
  const auto text = context_.store.instance_value(storage_key);
  if (!text) return values;
  const auto parsed = boost::json::parse(*text);
  for (const auto& [key, value] : parsed.as_object()) {
    if (value.is_string()) values.emplace(std::string(key), std::string(value.get_string()));
  }
  return values;
}

namespace {

// postgres://user:***@host/db: the database password is the operator's secret, not the admin panel's.
std::string without_password(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.rfind('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

boost::json::object InstanceConfigService::effective() const {
  const auto config = live_.get();
  boost::json::object out;
  for (const auto& field : config_fields()) out[field.key] = typed(field, *config);
  out["database.url"] = without_password(config->database.url);
  return out;
}

void InstanceConfigService::change(const boost::json::object& values) {
  FormErrors errors;
  std::map<std::string, std::string> texts;
  for (const auto& [key, value] : values) {
    const auto* field = find_config_field(key);
    if (!field) {
      errors.add({std::string(key)}, "UNKNOWN_SETTING", "Unknown setting.");
    } else if (field->startup_only) {
      errors.add({std::string(key)}, "STARTUP_ONLY", "Read at startup only; set it in accord.toml.");
    } else if (auto text = as_text(*field, value)) {
      texts.emplace(field->key, std::move(*text));
    } else {
      const char* wanted = field->kind == ConfigField::Kind::boolean   ? "BASE_TYPE_BOOLEAN"
                           : field->kind == ConfigField::Kind::integer ? "NUMBER_TYPE_COERCE"
                                                                       : "BASE_TYPE_STRING";
      errors.add({std::string(key)}, wanted, "Value has the wrong type.");
    }
  }
  errors.throw_if_any();
  try {
    change_text(texts);
  } catch (const ConfigValueError& error) {
    errors.add({error.key}, "BASE_TYPE_INVALID", error.what());
    errors.throw_if_any();
  }
}

void InstanceConfigService::change_text(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mutex_);
  auto merged = stored();
  for (const auto& [key, text] : values) merged[key] = text;
  // Validates the whole set before anything is written: a bad value changes nothing.
  with_runtime_values(live_.startup(), merged);
  boost::json::object json;
  for (const auto& [key, text] : merged) json[key] = text;
  context_.store.set_instance_value(storage_key, boost::json::serialize(json));
  live_.set_runtime_values(merged);
}

void InstanceConfigService::reload() {
  auto values = stored();
  if (values == live_.runtime_values()) return;
  try {
    live_.set_runtime_values(values);
  } catch (const ConfigValueError&) {
    // A value this version does not understand (written by a newer node) is left unapplied.
  }
}

}  // namespace accord
