#include "core/config.hpp"

#include <toml++/toml.h>
#include <cctype>
#include <charconv>
#include <stdexcept>

extern char** environ;

namespace accord {
namespace {

std::int64_t parse_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) throw std::invalid_argument("not an integer");
  return value;
}

bool parse_bool(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw std::invalid_argument("not a boolean");
}

template <typename Section, typename Value>
ConfigField field(std::string key, std::string description, Section Config::*section,
                  Value Section::*member) {
  ConfigField result{std::move(key), std::move(description), nullptr, nullptr};
  if constexpr (std::is_same_v<Value, bool>) {
    result.kind = ConfigField::Kind::boolean;
  } else if constexpr (std::is_same_v<Value, std::int64_t>) {
    result.kind = ConfigField::Kind::integer;
  }
  const auto& name = result.key;
  result.startup_only =
      name == "http.listen" || name == "http.web_root" || name.starts_with("node.") ||
      name.starts_with("database.") || name.starts_with("events.") ||
      name.starts_with("observability.log_") ||
      (name.starts_with("voice.") && name != "voice.modes" && name != "voice.heartbeat_interval_ms" &&
       name != "voice.resume_window_seconds" && name != "voice.dave");
  result.set = [section, member](Config& config, std::string_view text) {
    auto& target = config.*section.*member;
    if constexpr (std::is_same_v<Value, bool>) {
      target = parse_bool(text);
    } else if constexpr (std::is_same_v<Value, std::int64_t>) {
      target = parse_int(text);
    } else {
      target = std::string(text);
    }
  };
  result.get = [section, member](const Config& config) {
    const auto& value = config.*section.*member;
    if constexpr (std::is_same_v<Value, bool>) {
      return std::string(value ? "true" : "false");
    } else if constexpr (std::is_same_v<Value, std::int64_t>) {
      return std::to_string(value);
    } else {
      return value;
    }
  };
  return result;
}

std::string toml_value_text(const toml::node& node) {
  if (auto text = node.value<std::string>()) return *text;
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (auto number = node.value<std::int64_t>()) return std::to_string(*number);
  throw std::invalid_argument("unsupported value type");
}

void flatten(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* child = node.as_table()) {
      flatten(*child, name, out);
    } else {
      try {
        out[name] = toml_value_text(node);
      } catch (const std::invalid_argument& error) {
        throw std::runtime_error("config " + name + ": " + error.what());
      }
    }
  }
}

void apply(Config& config, const ConfigField& field, const std::string& text, const std::string& source) {
  try {
    field.set(config, text);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(source + " (" + field.key + "): " + error.what() + ": '" + text + "'");
  }
}

}  // namespace

const std::vector<ConfigField>& config_fields() {
  static const std::vector<ConfigField> fields = {
      field("http.listen", "Address and port to listen on; port 0 picks a free one.", &Config::http,
            &Config::Http::listen),
      field(
          "http.public_url",
          "Base URL clients use to reach this instance (set it behind a proxy); empty means taken from Host.",
          &Config::http, &Config::Http::public_url),
      field("http.max_body_bytes", "Largest request body accepted (uploads included).", &Config::http,
            &Config::Http::max_body_bytes),
      field("http.max_json_body_bytes", "Largest JSON request body accepted.", &Config::http,
            &Config::Http::max_json_body_bytes),
      field("http.idle_timeout_seconds", "Seconds an HTTP connection may sit idle or half-sent.",
            &Config::http, &Config::Http::idle_timeout_seconds),
      field("http.max_connections_per_ip",
            "Connections (HTTP and gateway) one address may hold open at once.", &Config::http,
            &Config::Http::max_connections_per_ip),
      field(
          "http.trusted_proxies",
          "Comma-separated proxy addresses whose X-Forwarded-For names the client (for limits); empty: none.",
          &Config::http, &Config::Http::trusted_proxies),
      field("http.web_root",
            "Folder of the built web client and admin panel (web/dist); empty means found beside the binary.",
            &Config::http, &Config::Http::web_root),
      field("node.worker_id", "Snowflake worker id (0..31); unique per node.", &Config::node,
            &Config::Node::worker_id),
      field("node.io_threads", "Threads serving sockets; 0 means one per core.", &Config::node,
            &Config::Node::io_threads),
      field("node.blocking_threads", "Threads for database, hashing and image work.", &Config::node,
            &Config::Node::blocking_threads),
      field("database.url",
            "PostgreSQL to use, as postgres://user:password@host:port/database; empty means SQLite in the "
            "data directory (accord.db).",
            &Config::database, &Config::Database::url),
      field("database.synchronous", "SQLite synchronous mode: normal or full.", &Config::database,
            &Config::Database::synchronous),
      field("events.nats_url",
            "NATS server (nats://host:port, JetStream enabled) that nodes of one cluster share for events; "
            "empty means this process alone.",
            &Config::events, &Config::Events::nats_url),
      field("events.nats_stream", "JetStream stream, and subject prefix, the nodes of one cluster share.",
            &Config::events, &Config::Events::nats_stream),
      field(
          "events.log_seconds",
          "Seconds JetStream keeps events, so a session can resume on another node after its own went away.",
          &Config::events, &Config::Events::log_seconds),
      field("registration.open", "Whether anyone may register an account.", &Config::registration,
            &Config::Registration::open),
      field("registration.require_consent", "Whether registration needs consent: true.",
            &Config::registration, &Config::Registration::require_consent),
      field("registration.password_min_length", "Shortest password accepted.", &Config::registration,
            &Config::Registration::password_min_length),
      field("registration.invite_only",
            "Whether registering needs a valid invite (the account joins its guild).", &Config::registration,
            &Config::Registration::invite_only),
      field("registration.minimum_age",
            "Youngest age, in years, allowed to register; 0 asks no date of birth.", &Config::registration,
            &Config::Registration::minimum_age),
      field("limits.max_guilds_per_user", "Guilds one user may be in.", &Config::limits,
            &Config::Limits::max_guilds_per_user),
      field("limits.max_members_per_guild", "Members one guild may have; joining a full guild fails (30019).",
            &Config::limits, &Config::Limits::max_members_per_guild),
      field("limits.max_channels_per_guild", "Channels one guild may have.", &Config::limits,
            &Config::Limits::max_channels_per_guild),
      field("limits.max_roles_per_guild", "Roles one guild may have.", &Config::limits,
            &Config::Limits::max_roles_per_guild),
      field("limits.max_invites_per_guild", "Invites one guild may have at once.", &Config::limits,
            &Config::Limits::max_invites_per_guild),
      field("limits.max_message_length", "Longest message content, in characters.", &Config::limits,
            &Config::Limits::max_message_length),
      field("limits.max_pins_per_channel", "Pinned messages one channel may hold.", &Config::limits,
            &Config::Limits::max_pins_per_channel),
      field("limits.max_attachment_bytes", "Largest file one message attachment may be.", &Config::limits,
            &Config::Limits::max_attachment_bytes),
      field("limits.max_attachments_per_message", "Files one message may carry.", &Config::limits,
            &Config::Limits::max_attachments_per_message),
      field("limits.max_image_bytes", "Largest avatar, banner, icon or splash image.", &Config::limits,
            &Config::Limits::max_image_bytes),
      field("limits.max_image_pixels", "Most pixels (all frames together) an uploaded image may decode to.",
            &Config::limits, &Config::Limits::max_image_pixels),
      field("limits.max_emoji_bytes", "Largest emoji image.", &Config::limits,
            &Config::Limits::max_emoji_bytes),
      field("limits.max_sticker_bytes", "Largest sticker image.", &Config::limits,
            &Config::Limits::max_sticker_bytes),
      field("limits.max_emojis_per_guild", "Emojis of each kind (static, animated) one guild may have.",
            &Config::limits, &Config::Limits::max_emojis_per_guild),
      field("limits.max_stickers_per_guild", "Stickers one guild may have.", &Config::limits,
            &Config::Limits::max_stickers_per_guild),
      field("limits.max_webhooks_per_channel", "Webhooks one channel may have.", &Config::limits,
            &Config::Limits::max_webhooks_per_channel),
      field("limits.max_application_commands", "Commands one application may have, globally or in one guild.",
            &Config::limits, &Config::Limits::max_application_commands),
      field("limits.max_group_dm_recipients", "People in one group DM, its owner included.", &Config::limits,
            &Config::Limits::max_group_dm_recipients),
      field("interactions.response_seconds",
            "Seconds an application has to answer an interaction before the user is told it failed.",
            &Config::interactions, &Config::Interactions::response_seconds),
      field("interactions.token_seconds",
            "Seconds an interaction token stays valid for follow-ups and edits.", &Config::interactions,
            &Config::Interactions::token_seconds),
      field("gateway.session_start_limit", "Identifies a bot may start per day, as told by /gateway/bot.",
            &Config::gateway, &Config::Gateway::session_start_limit),
      field("gateway.heartbeat_interval_ms", "Heartbeat interval sent in HELLO.", &Config::gateway,
            &Config::Gateway::heartbeat_interval_ms),
      field("gateway.resume_window_seconds", "How long a dropped session waits for RESUME.", &Config::gateway,
            &Config::Gateway::resume_window_seconds),
      field("gateway.replay_buffer_events", "Dispatches kept per session for RESUME.", &Config::gateway,
            &Config::Gateway::replay_buffer_events),
      field("gateway.max_payload_bytes", "Largest payload a client may send (else close 4002).",
            &Config::gateway, &Config::Gateway::max_payload_bytes),
      field("gateway.max_queued_bytes", "Bytes queued for a slow client before it is disconnected.",
            &Config::gateway, &Config::Gateway::max_queued_bytes),
      field("gateway.events_per_minute", "Payloads a client may send per minute (else close 4008).",
            &Config::gateway, &Config::Gateway::events_per_minute),
      field("gateway.zlib_window_bits", "zlib-stream window (9..15): memory per connection against ratio.",
            &Config::gateway, &Config::Gateway::zlib_window_bits),
      field("gateway.zlib_memory_level", "zlib-stream memLevel (1..9): memory per connection against speed.",
            &Config::gateway, &Config::Gateway::zlib_memory_level),
      field("gateway.privileged_intents_allowed", "Whether bots may ask for privileged intents.",
            &Config::gateway, &Config::Gateway::privileged_intents_allowed),
      field("rate_limits.enabled", "Whether HTTP requests are rate limited at all.", &Config::rate_limits,
            &Config::RateLimits::enabled),
      field("rate_limits.global_per_second", "Requests one user may make per second over every route.",
            &Config::rate_limits, &Config::RateLimits::global_per_second),
      field("rate_limits.ip_per_second", "Requests without a valid token one address may make per second.",
            &Config::rate_limits, &Config::RateLimits::ip_per_second),
      field("rate_limits.route_limit",
            "Requests per window on one route and major parameter (default bucket).", &Config::rate_limits,
            &Config::RateLimits::route_limit),
      field("rate_limits.route_window_ms", "Window of the default bucket, in milliseconds.",
            &Config::rate_limits, &Config::RateLimits::route_window_ms),
      field("rate_limits.message_limit", "Messages one user may send per window in one channel.",
            &Config::rate_limits, &Config::RateLimits::message_limit),
      field("rate_limits.message_window_ms", "Window of the message bucket, in milliseconds.",
            &Config::rate_limits, &Config::RateLimits::message_window_ms),
      field("rate_limits.reaction_limit", "Reactions one user may add or remove per window in one channel.",
            &Config::rate_limits, &Config::RateLimits::reaction_limit),
      field("rate_limits.reaction_window_ms", "Window of the reaction bucket, in milliseconds.",
            &Config::rate_limits, &Config::RateLimits::reaction_window_ms),
      field("rate_limits.auth_limit", "Registrations and logins one address may attempt per window.",
            &Config::rate_limits, &Config::RateLimits::auth_limit),
      field("rate_limits.auth_window_ms", "Window of the registration and login bucket, in milliseconds.",
            &Config::rate_limits, &Config::RateLimits::auth_window_ms),
      field("rate_limits.invalid_limit",
            "401, 403 and 429 answers one address may earn per window before it is refused everything.",
            &Config::rate_limits, &Config::RateLimits::invalid_limit),
      field("rate_limits.invalid_window_seconds", "Window of the invalid-request count, in seconds.",
            &Config::rate_limits, &Config::RateLimits::invalid_window_seconds),
      field("rate_limits.exempt_user_ids", "Comma-separated user ids never rate limited.",
            &Config::rate_limits, &Config::RateLimits::exempt_user_ids),
      field("voice.enabled", "Whether the voice server (voice gateway and UDP media) runs.", &Config::voice,
            &Config::Voice::enabled),
      field("voice.listen",
            "Address and port of the voice gateway (WebSocket over TLS: clients open wss://endpoint); port 0 "
            "picks a free one.",
            &Config::voice, &Config::Voice::listen),
      field(
          "voice.public_host",
          "Host clients reach voice on, sent in VOICE_SERVER_UPDATE's endpoint and, when an IPv4 address, as "
          "the UDP address in READY; empty means the voice.listen host.",
          &Config::voice, &Config::Voice::public_host),
      field("voice.udp_port", "UDP port for RTP media, on the voice.listen host; 0 picks a free one.",
            &Config::voice, &Config::Voice::udp_port),
      field("voice.tls_cert",
            "PEM certificate (chain) of the voice gateway; empty means a self-signed one is made at startup "
            "and written to <data-dir>/voice-cert.pem.",
            &Config::voice, &Config::Voice::tls_cert),
      field("voice.tls_key", "PEM private key for voice.tls_cert.", &Config::voice, &Config::Voice::tls_key),
      field("voice.modes",
            "Comma-separated transport encryption modes offered in READY, in order of preference: "
            "aead_aes256_gcm_rtpsize, aead_xchacha20_poly1305_rtpsize.",
            &Config::voice, &Config::Voice::modes),
      field("voice.heartbeat_interval_ms", "Heartbeat interval sent in the voice gateway's HELLO.",
            &Config::voice, &Config::Voice::heartbeat_interval_ms),
      field("voice.resume_window_seconds", "How long a dropped voice connection waits for RESUME.",
            &Config::voice, &Config::Voice::resume_window_seconds),
      field("voice.dave",
            "DAVE end-to-end encrypted voice: optional (a call uses it when every member supports it) or off "
            "(calls stay on transport encryption). Read when a call starts.",
            &Config::voice, &Config::Voice::dave),
      field("observability.log_format", "Log lines as text, or json (one object a line).",
            &Config::observability, &Config::Observability::log_format),
      field("observability.log_level", "Least severe log level written: trace, debug, info, warn, error.",
            &Config::observability, &Config::Observability::log_level),
      field("observability.metrics_enabled", "Whether /metrics answers (Prometheus text format).",
            &Config::observability, &Config::Observability::metrics_enabled),
  };
  return fields;
}

const ConfigField* find_config_field(std::string_view key) {
  for (const auto& field : config_fields())
    if (field.key == key) return &field;
  return nullptr;
}

Config with_runtime_values(Config base, const std::map<std::string, std::string>& values) {
  for (const auto& [key, text] : values) {
    const auto* field = find_config_field(key);
    if (!field) throw ConfigValueError(key, "Unknown setting.");
    if (field->startup_only) throw ConfigValueError(key, "Read at startup only; set it in accord.toml.");
    try {
      field->set(base, text);
    } catch (const std::invalid_argument& error) {
      throw ConfigValueError(key, std::string("Value is ") + error.what() + ".");
    }
  }
  return base;
}

std::string config_env_name(std::string_view key) {
  std::string name = "ACCORD_";
  for (char c : key) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

Config load_config(const std::string& file_path, const std::map<std::string, std::string>& environment) {
  Config config;
  if (!file_path.empty()) {
    std::map<std::string, std::string> values;
    try {
      flatten(toml::parse_file(file_path), "", values);
    } catch (const toml::parse_error& error) {
      throw std::runtime_error("config file " + file_path + ": " + std::string(error.description()));
    }
    for (const auto& [key, text] : values) {
      const auto* field = find_config_field(key);
      if (!field) throw std::runtime_error("config file " + file_path + ": unknown key " + key);
      apply(config, *field, text, "config file " + file_path);
    }
  }
  for (const auto& field : config_fields()) {
    const auto name = config_env_name(field.key);
    if (auto it = environment.find(name); it != environment.end()) apply(config, field, it->second, name);
  }
  return config;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> result;
  for (char** entry = environ; *entry; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals != std::string_view::npos) result.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return result;
}

}  // namespace accord

namespace accord {

std::string config_markdown() {
  const Config defaults;
  std::string text =
      "# Configuration\n\n"
      "Generated by `accord config-docs` from the code; do not edit by hand.\n\n"
      "Each key is read from `accord.toml` (dotted keys are TOML tables: `[http]` then `listen = ...`),\n"
      "then from the environment variable beside it, which wins over the file. Operators change the keys\n"
      "marked changeable at runtime through `PATCH /api/v9/admin/config` or `accord config set`; those "
      "values\n"
      "are kept in the database and win over both.\n\n"
      "| key | environment | default | meaning |\n|---|---|---|---|\n";
  for (const auto& field : config_fields()) {
    text += "| `" + field.key + "` | `" + config_env_name(field.key) + "` | `" + field.get(defaults) +
            "` | " + field.description +
            (field.startup_only ? " Read at startup only." : " Changeable at runtime.") + " |\n";
  }
  return text;
}

}  // namespace accord
