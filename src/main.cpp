// accord: `serve`, `migrate`, `--version`.
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "api/api.hpp"
#include "auth/token.hpp"
#include "core/base64.hpp"
#include "events/local_event_bus.hpp"
#include "gateway/gateway.hpp"
#include "http/server.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace accord;

struct Options {
  std::string listen;
  std::string data_dir = "data";
  std::string config_file;
};

Config load(const Options& options) {
  auto config = load_config(options.config_file, process_environment());
  if (!options.listen.empty()) config.http.listen = options.listen;
  return config;
}

std::unique_ptr<store::SqliteStore> open_store(const Options& options, const Config& config) {
  std::filesystem::create_directories(options.data_dir);
  const auto path = (std::filesystem::path(options.data_dir) / "accord.db").string();
  auto store = std::make_unique<store::SqliteStore>(
      path, config.database.synchronous, static_cast<std::size_t>(config.node.blocking_threads) + 1);
  if (const int applied = store->migrate(); applied > 0)
    spdlog::info("applied {} migration(s) to {}", applied, path);
  return store;
}

// The token secret is made once per instance and kept in the database, so tokens survive restarts.
std::string token_secret(Store& store) {
  if (auto secret = store.instance_value("token_secret")) return *base64url_decode(*secret);
  auto secret = TokenSigner::generate_secret();
  store.set_instance_value("token_secret", base64url_encode(secret));
  return secret;
}

std::pair<std::string, std::uint16_t> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be HOST:PORT, got " + listen);
  return {listen.substr(0, colon), static_cast<std::uint16_t>(std::stoul(listen.substr(colon + 1)))};
}

// Every service of one running instance, wired once; serve and `routes` share it.
struct Instance {
  Instance(const Config& config, Store& store)
      : ids(static_cast<unsigned>(config.node.worker_id), clock),
        tokens(token_secret(store)),
        context{config, store, bus, ids, clock, tokens},
        sessions(context),
        accounts(context, sessions),
        applications(context, sessions),
        access(context),
        presence(context),
        voice_states(context, access),
        guilds(context, access, presence, voice_states),
        channels(context, access),
        roles(context, access),
        members(context, access),
        invites(context, access, members),
        messages(context, access),
        reactions(context, access),
        bot_authorization(context, access, members),
        admin(context),
        api{context, sessions, accounts,  applications,      guilds, channels, roles, members,
            invites, messages, reactions, bot_authorization, admin},
        gateway(context, sessions, guilds, access, presence, voice_states) {
    add_all_routes(router, api);
  }

  SystemClock clock;
  SnowflakeGenerator ids;
  LocalEventBus bus;
  TokenSigner tokens;
  ServiceContext context;
  SessionService sessions;
  AccountService accounts;
  ApplicationService applications;
  Access access;
  PresenceService presence;
  VoiceStateService voice_states;
  GuildService guilds;
  ChannelService channels;
  RoleService roles;
  MemberService members;
  InviteService invites;
  MessageService messages;
  ReactionService reactions;
  BotAuthorizationService bot_authorization;
  AdminService admin;
  Api api;
  gateway::Gateway gateway;
  Router router;
};

int serve(const Options& options) {
  const auto config = load(options);
  auto store = open_store(options, config);
  Instance instance(config, *store);
  HttpServer server(config, instance.router, &instance.gateway);
  const auto [host, port] = split_listen(config.http.listen);
  const auto bound = server.listen(host, port);
  spdlog::info("listening on http://{}:{}", host, bound);
  server.run();
  return 0;
}

// Every registered route, one "METHOD /pattern" a line: the authorization tests walk this list so
// a new route is covered the day it is added.
int list_routes() {
  const Config config;
  store::SqliteStore store(":memory:", config.database.synchronous, 1);
  store.migrate();
  Instance instance(config, store);
  for (const auto& route : instance.router.routes())
    std::cout << route.method << ' ' << route.pattern << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
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
  } catch (const std::exception& error) {
    spdlog::critical("{}", error.what());
    return 1;
  }
  return 0;
}
