// accord: `serve`, `migrate`, `routes`, `config-docs`, `admin`, `config`, `stats`, `--version`.
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <thread>

#include <boost/json/serialize.hpp>

#include "api/api.hpp"
#include "auth/rights.hpp"
#include "auth/token.hpp"
#include "cdn/cdn_routes.hpp"
#include "cdn/filesystem_blob_store.hpp"
#include "core/api_error.hpp"
#include "core/base64.hpp"
#include "core/json_log_formatter.hpp"
#include "core/metrics.hpp"
#include "events/local_event_bus.hpp"
#include "events/nats_event_bus.hpp"
#include "gateway/gateway.hpp"
#include "gateway/session.hpp"
#include "http/rate_limiter.hpp"
#include "http/server.hpp"
#include "http/static_site.hpp"
#include "store/sql/open_sql_store.hpp"
#include "voice/voice_server.hpp"

namespace {

using namespace accord;

struct Options {
  std::string listen;
  std::string data_dir = "data";
  std::string config_file;
};

// Log lines as the operator asked: text or JSON, from the configured level up.
void configure_logging(const Config& config) {
  const auto& format = config.observability.log_format;
  if (format == "json") {
    spdlog::default_logger()->set_formatter(std::make_unique<JsonLogFormatter>());
  } else if (format != "text") {
    throw std::runtime_error("observability.log_format must be text or json, not " + format);
  }
  const auto level = spdlog::level::from_str(config.observability.log_level);
  if (level == spdlog::level::off && config.observability.log_level != "off")
    throw std::runtime_error("observability.log_level: unknown level " + config.observability.log_level);
  spdlog::set_level(level);
}

Config load(const Options& options) {
  auto config = load_config(options.config_file, process_environment());
  if (!options.listen.empty()) config.http.listen = options.listen;
  configure_logging(config);
  return config;
}

std::unique_ptr<store::SqlStore> open_store(const Options& options, const Config& config) {
  std::filesystem::create_directories(options.data_dir);
  const auto path = (std::filesystem::path(options.data_dir) / "accord.db").string();
  // A connection for each blocking thread and each io thread (API reads run on io threads with
  // SQLite), and one for the caller of migrate() and the CLI commands.
  const auto io_threads = config.node.io_threads > 0 ? static_cast<std::size_t>(config.node.io_threads)
                                                     : std::max(1u, std::thread::hardware_concurrency());
  auto store = store::open_sql_store(config.database.url, path, config.database.synchronous,
                                     static_cast<std::size_t>(config.node.blocking_threads) + io_threads + 1);
  const auto where = config.database.url.empty() ? path : std::string("PostgreSQL");
  if (const int applied = store->migrate(); applied > 0)
    spdlog::info("applied {} migration(s) to {}", applied, where);
  return store;
}

// Uploads live beside the database, so one directory is one instance.
std::filesystem::path blob_root(const Options& options) {
  return std::filesystem::path(options.data_dir) / "blobs";
}

// The token secret is made once per instance and kept in the database, so tokens survive restarts.
std::string token_secret(Store& store) {
  // Nodes of a cluster starting together each propose a secret; the first stored is everyone's.
  const auto stored =
      store.first_instance_value("token_secret", base64url_encode(TokenSigner::generate_secret()));
  return *base64url_decode(stored);
}

std::pair<std::string, std::uint16_t> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be HOST:PORT, got " + listen);
  return {listen.substr(0, colon), static_cast<std::uint16_t>(std::stoul(listen.substr(colon + 1)))};
}

// The bus every service publishes on: this process alone, or the cluster's NATS.
std::unique_ptr<EventBus> open_event_bus(const Config& config) {
  if (config.events.nats_url.empty()) return std::make_unique<LocalEventBus>();
  return std::make_unique<NatsEventBus>(config.events.nats_url, config.events.nats_stream,
                                        config.events.log_seconds,
                                        "accord node " + std::to_string(config.node.worker_id));
}

// Every service of one running instance, wired once; serve, `routes` and the admin commands share it.
struct Instance {
  Instance(LiveConfig& config, store::SqlStore& store, const std::filesystem::path& blob_root,
           std::unique_ptr<EventBus> event_bus = std::make_unique<LocalEventBus>())
      : bus(std::move(event_bus)),
        blobs(blob_root),
        site(StaticSite::locate(config.get()->http.web_root, "/proc/self/exe")),
        ids(static_cast<unsigned>(config.get()->node.worker_id), clock),
        tokens(token_secret(store)),
        context{config, store, *bus, ids, clock, tokens},
        sessions(context),
        media(context, blobs),
        accounts(context, sessions, media),
        applications(context, sessions),
        access(context),
        audit_log(context, access),
        presence(context),
        voice_states(context, access),
        guilds(context, access, presence, voice_states, media, audit_log),
        channels(context, access, audit_log),
        roles(context, access, media, audit_log),
        members(context, access, audit_log, media),
        invites(context, access, members, audit_log),
        auto_moderation(context, access, audit_log),
        messages(context, access, media, audit_log, auto_moderation),
        expressions(context, access, media, audit_log),
        threads(context, access, messages),
        reports(context, access),
        webhooks(context, access, media, messages, audit_log),
        commands(context, access),
        interactions(context, access, messages),
        scheduled_events(context, access, audit_log),
        relationships(context),
        private_channels(context, relationships, media),
        two_factor(context, sessions),
        user_settings(context, access),
        profiles(context, relationships),
        reactions(context, access),
        bot_authorization(context, access, members),
        admin(context, sessions),
        instance_config(context, config),
        session_starts(context),
        api{context,
            sessions,
            accounts,
            applications,
            guilds,
            channels,
            roles,
            members,
            invites,
            messages,
            reactions,
            bot_authorization,
            admin,
            instance_config,
            metrics,
            session_starts,
            expressions,
            threads,
            reports,
            webhooks,
            commands,
            interactions,
            audit_log,
            auto_moderation,
            scheduled_events,
            relationships,
            private_channels,
            two_factor,
            user_settings,
            profiles},
        gateway(context, sessions, guilds, access, presence, voice_states, session_starts, relationships,
                private_channels, user_settings),
        rate_limiter(config, clock, tokens, [&store](Snowflake user_id) {
          // Only the explicit right: operators are throttled like anyone unless they opt out.
          const auto user = store.find_user(user_id);
          return user && (user->rights & rights::bypass_rate_limits) != 0;
        }) {
    instance_config.reload();
    add_all_routes(router, api);
    cdn::add_cdn_routes(router, blobs, config);
    router.set_fallback([this](Request& request) { return site.serve(request); });
    router.set_rate_limiter(&rate_limiter);
    router.set_metrics(&metrics);
    admin.sessions_online = [this] { return static_cast<std::int64_t>(gateway.session_count()); };
    admin.events_dispatched = [] { return static_cast<std::int64_t>(gateway::Session::dispatched_total()); };
    metrics.add_reading(
        "accord_gateway_sessions", "Gateway sessions held by this process, resumable ones included.",
        Metrics::Type::gauge, [this] { return static_cast<double>(gateway.session_count()); });
    metrics.add_reading("accord_gateway_events_dispatched_total", "Dispatches numbered for gateway sessions.",
                        Metrics::Type::counter,
                        [] { return static_cast<double>(gateway::Session::dispatched_total()); });
    metrics.add_reading("accord_users", "People with an account (bots not counted).", Metrics::Type::gauge,
                        [&store] { return static_cast<double>(store.count_instance().people); });
    metrics.add_reading("accord_guilds", "Guilds on this instance.", Metrics::Type::gauge,
                        [&store] { return static_cast<double>(store.count_instance().guilds); });
    admin.rights_changed = [this](Snowflake user_id) { rate_limiter.forget(user_id); };
    metrics.add_reading("accord_db_seconds_total", "Time database connections spent lent out.",
                        Metrics::Type::counter, [&store] { return store.busy_seconds(); });
  }

  std::unique_ptr<EventBus> bus;  // first: the last to go, after every subscriber
  cdn::FilesystemBlobStore blobs;
  StaticSite site;
  SystemClock clock;
  SnowflakeGenerator ids;
  TokenSigner tokens;
  Metrics metrics;
  ServiceContext context;
  SessionService sessions;
  MediaService media;
  AccountService accounts;
  ApplicationService applications;
  Access access;
  AuditLog audit_log;
  PresenceService presence;
  VoiceStateService voice_states;
  GuildService guilds;
  ChannelService channels;
  RoleService roles;
  MemberService members;
  InviteService invites;
  AutoModerationService auto_moderation;
  MessageService messages;
  ExpressionService expressions;
  ThreadService threads;
  ReportService reports;
  WebhookService webhooks;
  ApplicationCommandService commands;
  InteractionService interactions;
  ScheduledEventService scheduled_events;
  RelationshipService relationships;
  PrivateChannelService private_channels;
  TwoFactorService two_factor;
  UserSettingsService user_settings;
  ProfileService profiles;
  ReactionService reactions;
  BotAuthorizationService bot_authorization;
  AdminService admin;
  InstanceConfigService instance_config;
  SessionStartBudget session_starts;
  Api api;
  gateway::Gateway gateway;
  RateLimiter rate_limiter;
  Router router;
};

int serve(const Options& options) {
  LiveConfig config(load(options));
  auto store = open_store(options, *config.get());
  Instance instance(config, *store, blob_root(options), open_event_bus(*config.get()));
  HttpServer server(config, instance.router, &instance.gateway);
  server.set_api_reads_on_io_threads(store->engine() == store::Engine::sqlite);
  server.every(std::chrono::seconds(60), [&instance] { instance.threads.archive_inactive(); });
  // Users learn within a second that an application did not answer them.
  server.every(std::chrono::seconds(1), [&instance] { instance.interactions.expire(); });
  server.every(std::chrono::seconds(5), [&instance] {
    // Expiring sessions clears their presence and voice state through the database.
    instance.gateway.expire();
    instance.instance_config.reload();
    instance.admin.sample_events();
    instance.voice_states.announce_voice_server();
  });
  const auto [host, port] = split_listen(config.get()->http.listen);
  const auto bound = server.listen(host, port);
  // CDN URLs stored in messages must be absolute; without a configured public URL they name the
  // address we bound, which is right for a single machine and says so in the log otherwise.
  if (config.get()->http.public_url.empty()) {
    const auto url = "http://" + host + ":" + std::to_string(bound);
    config.adjust_startup([&](Config& startup) { startup.http.public_url = url; });
    if (host == "0.0.0.0" || host == "::")
      spdlog::warn("http.public_url is not set; CDN links will use {}", url);
  }
  // Voice (gateway over TLS and UDP media) runs on its own thread; it stops before the services.
  std::unique_ptr<voice::VoiceServer> voice_server;
  if (config.get()->voice.enabled) {
    voice_server = std::make_unique<voice::VoiceServer>(config, instance.voice_states, options.data_dir);
    voice_server->start();
    auto* voice = voice_server.get();
    instance.metrics.add_reading("accord_voice_sessions", "Voice connections held by this process.",
                                 Metrics::Type::gauge,
                                 [voice] { return static_cast<double>(voice->session_count()); });
    instance.metrics.add_reading("accord_voice_packets_received_total",
                                 "UDP packets received by the voice server.", Metrics::Type::counter,
                                 [voice] { return static_cast<double>(voice->packets_received()); });
    instance.metrics.add_reading("accord_voice_packets_forwarded_total",
                                 "RTP packets the SFU sent on (one per receiver).", Metrics::Type::counter,
                                 [voice] { return static_cast<double>(voice->packets_forwarded()); });
    instance.metrics.add_reading(
        "accord_voice_packets_dropped_total",
        "UDP packets dropped: not RTP, unknown or spoofed sender, failed authentication, server-muted.",
        Metrics::Type::counter, [voice] { return static_cast<double>(voice->packets_dropped()); });
    instance.metrics.add_reading(
        "accord_voice_dave_packets_forwarded_total",
        "Forwarded RTP packets whose payload was a DAVE (end-to-end encrypted) frame.",
        Metrics::Type::counter, [voice] { return static_cast<double>(voice->dave_packets_forwarded()); });
    instance.metrics.add_reading(
        "accord_voice_rtcp_packets_forwarded_total",
        "RTCP packets (reports, NACK/PLI feedback) the SFU sent on to the members they concern.",
        Metrics::Type::counter, [voice] { return static_cast<double>(voice->rtcp_packets_forwarded()); });
  }
  spdlog::info("listening on http://{}:{}", host, bound);
  server.run();
  return 0;
}

// Every registered route, one "METHOD /pattern" a line: the authorization tests walk this list so
// a new route is covered the day it is added.
int list_routes() {
  LiveConfig config{Config{}};
  auto store = store::open_sql_store("", ":memory:", config.get()->database.synchronous, 1);
  store->migrate();
  Instance instance(config, *store, std::filesystem::temp_directory_path() / "accord-routes-unused");
  for (const auto& route : instance.router.routes())
    std::cout << route.method << ' ' << route.pattern << '\n';
  return 0;
}

// `accord admin ...`, `accord config ...`, `accord stats`: the operator at the console, working on
// the same database a running server uses (it picks runtime config up within seconds).
struct ConsoleCommand {
  std::string username;
  std::string password;
  std::string email;
  bool operator_ = false;
  std::string user_id;
  std::int64_t rights = 0;
  std::string key;
  std::string value;
};

int create_user(const Options& options, const ConsoleCommand& command) {
  LiveConfig config(load(options));
  auto store = open_store(options, *config.get());
  Instance instance(config, *store, blob_root(options));
  Registration registration;
  registration.username = command.username;
  registration.password = command.password;
  if (!command.email.empty()) registration.email = command.email;
  registration.by_operator = true;
  registration.rights = command.operator_ ? rights::operator_ : 0;
  const auto result = instance.accounts.register_user(registration);
  std::cout << to_string(result.user.id) << '\n';
  return 0;
}

int set_rights(const Options& options, const ConsoleCommand& command) {
  LiveConfig config(load(options));
  auto store = open_store(options, *config.get());
  const auto user_id = parse_snowflake(command.user_id);
  const auto user = user_id ? store->find_user(*user_id) : std::nullopt;
  if (!user) throw std::runtime_error("no user with id " + command.user_id);
  store->set_user_rights(user->id, command.rights, user->disabled);
  return 0;
}

int config_get(const Options& options, const ConsoleCommand& command) {
  LiveConfig config(load(options));
  auto store = open_store(options, *config.get());
  Instance instance(config, *store, blob_root(options));
  const auto* field = find_config_field(command.key);
  if (!field) throw std::runtime_error("unknown setting " + command.key);
  std::cout << field->get(*config.get()) << '\n';
  return 0;
}

int config_set(const Options& options, const ConsoleCommand& command) {
  LiveConfig config(load(options));
  auto store = open_store(options, *config.get());
  Instance instance(config, *store, blob_root(options));
  instance.instance_config.change_text({{command.key, command.value}});
  return 0;
}

int print_stats(const Options& options) {
  LiveConfig config(load(options));
  auto store = open_store(options, *config.get());
  Instance instance(config, *store, blob_root(options));
  std::cout << boost::json::serialize(instance.admin.statistics()) << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Logs go to stderr, so commands that print (ids, JSON, settings) keep stdout for their answer.
  spdlog::set_default_logger(spdlog::stderr_color_mt("accord"));
  if (sodium_init() < 0) {
    std::cerr << "libsodium failed to initialise\n";
    return 1;
  }
  CLI::App app{"Accord: a self-hosted chat server that speaks the Discord protocol"};
  app.set_version_flag("--version", std::string("accord ") + ACCORD_VERSION);
  app.require_subcommand(1);

  Options options;
  auto* serve_command = app.add_subcommand("serve", "Serve HTTP API and gateway");
  serve_command->add_option("--listen", options.listen, "HOST:PORT (port 0 picks a free one)");
  serve_command->add_option("--data-dir", options.data_dir, "Where the database and uploads live")
      ->capture_default_str();
  serve_command->add_option("--config", options.config_file, "accord.toml")->check(CLI::ExistingFile);

  auto* migrate_command = app.add_subcommand("migrate", "Apply database migrations and exit");
  migrate_command->add_option("--data-dir", options.data_dir, "Where the database lives")
      ->capture_default_str();
  migrate_command->add_option("--config", options.config_file, "accord.toml")->check(CLI::ExistingFile);

  auto* docs_command =
      app.add_subcommand("config-docs", "Print docs/config.md: every setting and its default");
  auto* routes_command = app.add_subcommand("routes", "Print every HTTP route, one METHOD /pattern a line");

  ConsoleCommand command;
  auto add_store_options = [&](CLI::App* sub) {
    sub->add_option("--data-dir", options.data_dir, "Where the database lives")->capture_default_str();
    sub->add_option("--config", options.config_file, "accord.toml")->check(CLI::ExistingFile);
  };
  auto* admin_command = app.add_subcommand("admin", "Manage accounts from the console");
  admin_command->require_subcommand(1);
  auto* create_user_command =
      admin_command->add_subcommand("create-user", "Create an account; prints its id");
  add_store_options(create_user_command);
  create_user_command->add_option("--username", command.username)->required();
  create_user_command->add_option("--password", command.password)->required();
  create_user_command->add_option("--email", command.email);
  create_user_command->add_flag("--operator", command.operator_, "Give the account every instance right");
  auto* set_rights_command =
      admin_command->add_subcommand("set-rights",
                                    "Set a user's instance rights (1 operator, 2 manage users, "
                                    "4 manage guilds, 8 bypass rate limits)");
  add_store_options(set_rights_command);
  set_rights_command->add_option("user_id", command.user_id)->required();
  set_rights_command->add_option("rights", command.rights)->required();

  auto* config_command = app.add_subcommand("config", "Read or change runtime configuration");
  config_command->require_subcommand(1);
  auto* config_get_command = config_command->add_subcommand("get", "Print a setting's effective value");
  add_store_options(config_get_command);
  config_get_command->add_option("key", command.key)->required();
  auto* config_set_command = config_command->add_subcommand("set", "Store a runtime value for a setting");
  add_store_options(config_set_command);
  config_set_command->add_option("key", command.key)->required();
  config_set_command->add_option("value", command.value)->required();

  auto* stats_command = app.add_subcommand("stats", "Print instance statistics as JSON");
  add_store_options(stats_command);

  CLI11_PARSE(app, argc, argv);
  if (docs_command->parsed()) {
    std::cout << config_markdown();
    return 0;
  }
  if (routes_command->parsed()) return list_routes();
  try {
    if (serve_command->parsed()) return serve(options);
    if (migrate_command->parsed()) {
      open_store(options, load(options));
      return 0;
    }
    if (create_user_command->parsed()) return create_user(options, command);
    if (set_rights_command->parsed()) return set_rights(options, command);
    if (config_get_command->parsed()) return config_get(options, command);
    if (config_set_command->parsed()) return config_set(options, command);
    if (stats_command->parsed()) return print_stats(options);
  } catch (const ApiError& error) {
    std::cerr << boost::json::serialize(error.to_json()) << '\n';
    return 1;
  } catch (const ConfigValueError& error) {
    spdlog::critical("{}: {}", error.key, error.what());
    return 1;
  } catch (const std::exception& error) {
    spdlog::critical("{}", error.what());
    return 1;
  }
  return 0;
}
