#pragma once

#include "http/router.hpp"
#include "services/accounts.hpp"
#include "services/admin.hpp"
#include "services/application_commands.hpp"
#include "services/applications.hpp"
#include "services/audit_log.hpp"
#include "services/auto_moderation.hpp"
#include "services/bot_authorization.hpp"
#include "services/channels.hpp"
#include "services/context.hpp"
#include "services/expressions.hpp"
#include "services/guilds.hpp"
#include "services/instance_config.hpp"
#include "services/interactions.hpp"
#include "services/invites.hpp"
#include "services/members.hpp"
#include "services/messages.hpp"
#include "services/private_channels.hpp"
#include "services/profiles.hpp"
#include "services/reactions.hpp"
#include "services/relationships.hpp"
#include "services/reports.hpp"
#include "services/roles.hpp"
#include "services/scheduled_events.hpp"
#include "services/session_starts.hpp"
#include "services/sessions.hpp"
#include "services/threads.hpp"
#include "services/two_factor.hpp"
#include "services/user_settings.hpp"
#include "services/webhooks.hpp"

namespace accord {

class Metrics;

// The services route handlers call; one per instance.
struct Api {
  ServiceContext& context;
  SessionService& sessions;
  AccountService& accounts;
  ApplicationService& applications;
  GuildService& guilds;
  ChannelService& channels;
  RoleService& roles;
  MemberService& members;
  InviteService& invites;
  MessageService& messages;
  ReactionService& reactions;
  BotAuthorizationService& bot_authorization;
  AdminService& admin;
  InstanceConfigService& instance_config;
  Metrics& metrics;
  SessionStartBudget& session_starts;
  ExpressionService& expressions;
  ThreadService& threads;
  ReportService& reports;
  WebhookService& webhooks;
  ApplicationCommandService& commands;
  InteractionService& interactions;
  AuditLog& audit_log;
  AutoModerationService& auto_moderation;
  ScheduledEventService& scheduled_events;
  RelationshipService& relationships;
  PrivateChannelService& private_channels;
  TwoFactorService& two_factor;
  UserSettingsService& user_settings;
  ProfileService& profiles;

  // Who is asking, with the X-Audit-Log-Reason they gave for what they are about to change.
  Caller caller(const Request& request) const;
};

// Each api/ file registers the routes of its path.
void add_auth_routes(Router& router, Api& api);
void add_users_routes(Router& router, Api& api);
void add_applications_routes(Router& router, Api& api);
void add_gateway_routes(Router& router, Api& api);
void add_guilds_routes(Router& router, Api& api);
void add_guilds_members_routes(Router& router, Api& api);
void add_guilds_roles_routes(Router& router, Api& api);
void add_channels_routes(Router& router, Api& api);
void add_channels_messages_routes(Router& router, Api& api);
void add_channels_messages_reactions_routes(Router& router, Api& api);
void add_invites_routes(Router& router, Api& api);
void add_oauth2_routes(Router& router, Api& api);
void add_admin_routes(Router& router, Api& api);
void add_observability_routes(Router& router, Api& api);
void add_guilds_expressions_routes(Router& router, Api& api);
void add_channels_threads_routes(Router& router, Api& api);
void add_webhooks_routes(Router& router, Api& api);
void add_applications_commands_routes(Router& router, Api& api);
void add_interactions_routes(Router& router, Api& api);
void add_guilds_audit_logs_routes(Router& router, Api& api);
void add_guilds_auto_moderation_routes(Router& router, Api& api);
void add_guilds_scheduled_events_routes(Router& router, Api& api);
void add_users_relationships_routes(Router& router, Api& api);
void add_users_settings_routes(Router& router, Api& api);

inline void add_all_routes(Router& router, Api& api) {
  add_auth_routes(router, api);
  add_users_routes(router, api);
  add_applications_routes(router, api);
  add_gateway_routes(router, api);
  add_guilds_routes(router, api);
  add_guilds_members_routes(router, api);
  add_guilds_roles_routes(router, api);
  add_channels_routes(router, api);
  add_channels_messages_routes(router, api);
  add_channels_messages_reactions_routes(router, api);
  add_invites_routes(router, api);
  add_oauth2_routes(router, api);
  add_admin_routes(router, api);
  add_observability_routes(router, api);
  add_guilds_expressions_routes(router, api);
  add_channels_threads_routes(router, api);
  add_webhooks_routes(router, api);
  add_applications_commands_routes(router, api);
  add_interactions_routes(router, api);
  add_guilds_audit_logs_routes(router, api);
  add_guilds_auto_moderation_routes(router, api);
  add_guilds_scheduled_events_routes(router, api);
  add_users_relationships_routes(router, api);
  add_users_settings_routes(router, api);
}

// A JSON body, or a multipart one as bot libraries send uploads: payload_json (or plain fields) and files.
struct UploadBody {
  boost::json::value json;
  std::vector<UploadedFile> files;
  std::vector<std::string> file_fields;  // each file's part name, files[n] or file
};
UploadBody read_upload_body(const Request& request);

// X-Audit-Log-Reason as sent: percent-encoded UTF-8 (@discordjs/rest uses encodeURIComponent).
std::string audit_log_reason(std::string_view header);

// Query helpers shared by the route files.
bool query_bool(const Request& request, std::string_view name);
std::int64_t query_limit(const Request& request, std::int64_t fallback, std::int64_t max);
std::optional<Snowflake> query_id(const Request& request, std::string_view name);

}  // namespace accord
