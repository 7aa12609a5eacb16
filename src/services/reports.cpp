#include "services/reports.hpp"

#include "auth/rights.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"
#include "core/timestamp.hpp"

namespace accord {
namespace {

boost::json::value optional_id(const std::optional<Snowflake>& id) {
  return id ? boost::json::value(to_string(*id)) : boost::json::value(nullptr);
}

boost::json::object report_json(const Report& report) {
  return {
      {"id", to_string(report.id)},
      {"reporter_id", to_string(report.reporter_id)},
      {"guild_id", optional_id(report.guild_id)},
      {"channel_id", optional_id(report.channel_id)},
      {"message_id", optional_id(report.message_id)},
      {"user_id", optional_id(report.user_id)},
      {"reason", report.reason},
      {"created_at", iso_timestamp(report.created_at_ms)},
      {"resolved_by", optional_id(report.resolved_by)},
      {"resolved_at", report.resolved_at_ms ? boost::json::value(iso_timestamp(*report.resolved_at_ms))
                                            : boost::json::value(nullptr)},
  };
}

std::optional<Snowflake> read_id(FormReader& form, const boost::json::value& body, const char* key) {
  if (!form.has(key) || form.is_null(key)) return std::nullopt;
  const auto* text = body.as_object().at(key).if_string();
  auto id = text ? parse_snowflake(*text) : std::nullopt;
  if (!id) form.fail(key, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
  return id;
}

}  // namespace

boost::json::object ReportService::create(const Caller& caller, const boost::json::value& body) {
  FormReader form(body);
  Report report;
  report.guild_id = read_id(form, body, "guild_id");
  report.channel_id = read_id(form, body, "channel_id");
  report.message_id = read_id(form, body, "message_id");
  report.user_id = read_id(form, body, "user_id");
  auto reason = form.required_string("reason", 1, 1000);
  if (report.message_id && !report.channel_id)
    form.fail("channel_id", "BASE_TYPE_REQUIRED", "A reported message needs its channel.");
  if (!report.message_id && !report.user_id && !report.guild_id)
    form.fail("message_id", "BASE_TYPE_REQUIRED", "Report a message, a user or a guild.");
  form.finish();

  if (report.channel_id) {
    const auto access = access_.channel(*report.channel_id, caller.user.id);
    report.guild_id = access.channel.guild_id;
    if (report.message_id) {
      const auto message = context_.store.find_message(*report.message_id);
      if (!message || message->channel_id != *report.channel_id) throw ApiError::unknown(10008, "Message");
      if (!report.user_id) report.user_id = message->author_id;
    }
  } else if (report.guild_id) {
    access_.membership(*report.guild_id, caller.user.id);
  }
  if (report.user_id && !context_.store.find_user(*report.user_id)) throw ApiError::unknown(10013, "User");

  report.id = context_.ids.next();
  report.reporter_id = caller.user.id;
  report.reason = *reason;
  report.created_at_ms = context_.clock.now_ms();
  context_.store.save_report(report);
  return report_json(report);
}

boost::json::array ReportService::list(const Caller& caller, bool resolved, Snowflake after,
                                       std::int64_t limit) {
  if (!rights::holds(caller.user.rights, rights::manage_users)) throw ApiError::missing_permissions();
  boost::json::array list;
  for (const auto& report : context_.store.list_reports(resolved, after, limit))
    list.push_back(report_json(report));
  return list;
}

boost::json::object ReportService::resolve(const Caller& caller, Snowflake report_id) {
  if (!rights::holds(caller.user.rights, rights::manage_users)) throw ApiError::missing_permissions();
  auto report = context_.store.find_report(report_id);
  if (!report) throw ApiError(404, 0, "Unknown Report");
  if (!report->resolved_at_ms) {
    report->resolved_by = caller.user.id;
    report->resolved_at_ms = context_.clock.now_ms();
    context_.store.save_report(*report);
  }
  return report_json(*report);
}

}  // namespace accord
