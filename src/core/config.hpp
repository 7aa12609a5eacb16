#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace accord {

// The instance's whole configuration: defaults here, then accord.toml, then ACCORD_* variables.
struct Config {
  struct Http {
    std::string listen = "127.0.0.1:8080";
    std::string public_url;  // how clients reach us, e.g. https://chat.example.org; empty = from Host
    std::int64_t max_body_bytes = 26 * 1024 * 1024;
    std::int64_t max_json_body_bytes = 16 * 1024 * 1024;  // images arrive as data URIs in JSON
    std::int64_t idle_timeout_seconds = 60;
    std::int64_t max_connections_per_ip = 512;  // HTTP and gateway together; 0 = no limit
    std::string trusted_proxies;                // comma-separated addresses whose X-Forwarded-For is believed
    std::string web_root;  // the built web client (web/dist); empty = found beside the binary
  } http;
  struct Node {
    std::int64_t worker_id = 0;
    std::int64_t io_threads = 0;        // 0 = one per core
    std::int64_t blocking_threads = 4;  // SQLite, Argon2 and image work run here, never on io threads
  } node;
  struct Database {
    std::string synchronous = "normal";  // SQLite: normal survives a process crash; full also a power cut
    // Empty: SQLite at <data-dir>/accord.db. postgres://user:password@host:port/database: PostgreSQL.
    std::string url;
  } database;
  struct Events {
    // Empty: events stay in this process. nats://host:port: every node publishes to and subscribes
    // from NATS (with JetStream, which keeps the recent events a session resumed elsewhere replays).
    std::string nats_url;
    std::string nats_stream = "ACCORD_EVENTS";  // the JetStream stream (and subject prefix) nodes share
    std::int64_t log_seconds = 300;             // how long JetStream keeps events for resumes
  } events;
  struct Registration {
    bool open = true;
    bool require_consent = true;
    std::int64_t password_min_length = 8;
    bool invite_only = false;      // registering needs a valid invite, and joins its guild
    std::int64_t minimum_age = 0;  // years; 0 = no date of birth asked
  } registration;
  struct Limits {
    std::int64_t max_guilds_per_user = 100;
    std::int64_t max_channels_per_guild = 500;
    std::int64_t max_members_per_guild = 250000;
    std::int64_t max_roles_per_guild = 250;
    std::int64_t max_invites_per_guild = 1000;
    std::int64_t max_message_length = 2000;
    std::int64_t max_pins_per_channel = 50;
    std::int64_t max_attachment_bytes = 25 * 1024 * 1024;
    std::int64_t max_attachments_per_message = 10;
    std::int64_t max_image_bytes = 10 * 1024 * 1024;  // avatars, banners, icons, splashes
    std::int64_t max_image_pixels = 40'000'000;       // all frames; stops decompression bombs
    std::int64_t max_emoji_bytes = 256 * 1024;
    std::int64_t max_sticker_bytes = 512 * 1024;
    std::int64_t max_emojis_per_guild = 50;  // of each kind, static and animated
    std::int64_t max_stickers_per_guild = 5;
    std::int64_t max_webhooks_per_channel = 15;
    std::int64_t max_application_commands = 100;  // per application, globally and per guild
    std::int64_t max_group_dm_recipients = 10;    // people in one group DM, its owner included
  } limits;
  struct Interactions {
    std::int64_t response_seconds =
        3;  // the bot's first answer must come within this, or the user sees failure
    std::int64_t token_seconds = 900;  // follow-ups and edits of the response work this long
  } interactions;
  struct Gateway {
    std::int64_t session_start_limit = 1000;
    std::int64_t heartbeat_interval_ms = 41250;
    std::int64_t resume_window_seconds = 120;
    std::int64_t replay_buffer_events = 1000;
    std::int64_t max_payload_bytes = 16384;
    std::int64_t max_queued_bytes = 4 * 1024 * 1024;
    std::int64_t events_per_minute = 120;
    bool privileged_intents_allowed = true;
    std::int64_t zlib_window_bits = 11;
    std::int64_t zlib_memory_level = 4;  // 8 KiB less per connection than 5; same ratio on gateway frames
  } gateway;
  struct RateLimits {
    bool enabled = true;
    std::int64_t global_per_second = 50;  // per user, over every route: Discord's global limit
    std::int64_t ip_per_second = 50;      // the same for requests without a valid token, per address
    std::int64_t route_limit = 10;
    std::int64_t route_window_ms = 1000;
    std::int64_t message_limit = 5;
    std::int64_t message_window_ms = 5000;
    std::int64_t reaction_limit = 1;
    std::int64_t reaction_window_ms = 250;
    std::int64_t auth_limit = 10;
    std::int64_t auth_window_ms = 60000;
    std::int64_t invalid_limit = 10000;
    std::int64_t invalid_window_seconds = 600;
    std::string exempt_user_ids;  // comma-separated
  } rate_limits;
  struct Voice {
    bool enabled = true;
    std::string listen = "127.0.0.1:0";  // the voice gateway (WebSocket over TLS)
    std::string public_host;             // host in VOICE_SERVER_UPDATE's endpoint; empty = listen host
    std::int64_t udp_port = 0;           // RTP, on the listen host; 0 = a free port
    std::string tls_cert;                // PEM files; empty = a self-signed certificate made at startup
    std::string tls_key;
    std::string modes = "aead_aes256_gcm_rtpsize,aead_xchacha20_poly1305_rtpsize";
    std::int64_t heartbeat_interval_ms = 13750;
    std::int64_t resume_window_seconds = 30;
    std::string dave = "optional";  // optional: DAVE E2EE when every member has it; off: never
  } voice;
  struct Observability {
    bool metrics_enabled = true;
    std::string log_format = "text";  // text, or json: one object per line
    std::string log_level = "info";   // trace, debug, info, warn, error, critical, off
  } observability;
};

// One tunable: its dotted key, what it does, and how to read and write it as text.
struct ConfigField {
  enum class Kind { boolean, integer, text };
  std::string key;
  std::string description;
  std::function<void(Config&, std::string_view)> set;  // throws std::invalid_argument on bad text
  std::function<std::string(const Config&)> get;
  Kind kind = Kind::text;
  // Read once when the process starts (sockets, threads, the database): never changed at runtime.
  bool startup_only = false;
};

const std::vector<ConfigField>& config_fields();
const ConfigField* find_config_field(std::string_view key);

// ACCORD_HTTP_MAX_BODY_BYTES for http.max_body_bytes.
std::string config_env_name(std::string_view key);

// Defaults, then the TOML file (if any), then the environment. Throws std::runtime_error naming
// the key when a value does not fit its type, or when the file names an unknown key.
Config load_config(const std::string& file_path, const std::map<std::string, std::string>& environment);

std::map<std::string, std::string> process_environment();

// A value for `key` that would not fit: what the admin API and CLI report to the operator.
struct ConfigValueError : std::runtime_error {
  ConfigValueError(std::string key_, const std::string& message)
      : std::runtime_error(message), key(std::move(key_)) {}
  std::string key;
};

// `base` with runtime values applied (key -> text). Throws ConfigValueError for an unknown key, a
// startup-only key or a value of the wrong type.
Config with_runtime_values(Config base, const std::map<std::string, std::string>& values);

}  // namespace accord

namespace accord {

// docs/config.md, made from config_fields() so the documentation cannot drift from the code.
std::string config_markdown();

}  // namespace accord
