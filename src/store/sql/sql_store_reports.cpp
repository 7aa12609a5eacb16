// SqlStore: reports to the administrators.
#include "store/sql/sql_store.hpp"

namespace accord::store {
namespace {

constexpr const char* report_columns =
    "id, reporter_id, guild_id, channel_id, message_id, user_id, reason, created_at, resolved_by, "
    "resolved_at";

Report read_report(const Statement& row) {
  Report report;
  report.id = row.uint64(0);
  report.reporter_id = row.uint64(1);
  report.guild_id = row.optional_id(2);
  report.channel_id = row.optional_id(3);
  report.message_id = row.optional_id(4);
  report.user_id = row.optional_id(5);
  report.reason = row.text(6);
  report.created_at_ms = row.int64(7);
  report.resolved_by = row.optional_id(8);
  report.resolved_at_ms = row.optional_int64(9);
  return report;
}

}  // namespace

void SqlStore::save_report(const Report& report) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO reports (") + report_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO UPDATE SET "
              "resolved_by = ?9, resolved_at = ?10")
      .bind(1, report.id)
      .bind(2, report.reporter_id)
      .bind(3, report.guild_id)
      .bind(4, report.channel_id)
      .bind(5, report.message_id)
      .bind(6, report.user_id)
      .bind(7, report.reason)
      .bind(8, report.created_at_ms)
      .bind(9, report.resolved_by)
      .bind(10, report.resolved_at_ms)
      .run();
}

std::optional<Report> SqlStore::find_report(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + report_columns + " FROM reports WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_report(row);
}

std::vector<Report> SqlStore::list_reports(bool resolved, Snowflake after, std::int64_t limit) {
  auto db = lease();
  auto rows = db->prepare(
      std::string("SELECT ") + report_columns +
      " FROM reports WHERE CASE WHEN resolved_at IS NULL THEN 0 ELSE 1 END = ?1 AND id > ?2 ORDER BY id "
      "LIMIT ?3");
  rows.bind(1, resolved).bind(2, after).bind(3, limit);
  std::vector<Report> reports;
  while (rows.step()) reports.push_back(read_report(rows));
  return reports;
}

}  // namespace accord::store
