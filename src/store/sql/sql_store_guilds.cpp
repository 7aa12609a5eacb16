// SqlStore: guilds, roles, channels, members, invites, bans.
#include <cctype>

#include "store/sql/sql_dialect.hpp"
#include "store/sql/sql_store.hpp"

namespace accord::store {
namespace {

constexpr const char* guild_columns =
    "id, name, icon, owner_id, description, verification_level, default_message_notifications, "
    "explicit_content_filter, afk_channel_id, afk_timeout, system_channel_id, system_channel_flags, "
    "preferred_locale, banner, splash";

Guild read_guild(const Statement& row) {
  Guild guild;
  guild.id = row.uint64(0);
  guild.name = row.text(1);
  guild.icon = row.optional_text(2);
  guild.owner_id = row.uint64(3);
  guild.description = row.optional_text(4);
  guild.verification_level = row.int64(5);
  guild.default_message_notifications = row.int64(6);
  guild.explicit_content_filter = row.int64(7);
  guild.afk_channel_id = row.optional_id(8);
  guild.afk_timeout = row.int64(9);
  guild.system_channel_id = row.optional_id(10);
  guild.system_channel_flags = row.int64(11);
  guild.preferred_locale = row.text(12);
  guild.banner = row.optional_text(13);
  guild.splash = row.optional_text(14);
  return guild;
}

void write_guild(SqlConnection& db, const Guild& guild) {
  db.prepare(
        std::string("INSERT INTO guilds (") + guild_columns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (id) DO "
        "UPDATE SET "
        "name = ?2, icon = ?3, owner_id = ?4, description = ?5, verification_level = ?6, "
        "default_message_notifications = ?7, explicit_content_filter = ?8, afk_channel_id = ?9, "
        "afk_timeout = ?10, system_channel_id = ?11, system_channel_flags = ?12, preferred_locale = ?13, "
        "banner = ?14, splash = ?15")
      .bind(1, guild.id)
      .bind(2, guild.name)
      .bind(3, guild.icon)
      .bind(4, guild.owner_id)
      .bind(5, guild.description)
      .bind(6, guild.verification_level)
      .bind(7, guild.default_message_notifications)
      .bind(8, guild.explicit_content_filter)
      .bind(9, guild.afk_channel_id)
      .bind(10, guild.afk_timeout)
      .bind(11, guild.system_channel_id)
      .bind(12, guild.system_channel_flags)
      .bind(13, guild.preferred_locale)
      .bind(14, guild.banner)
      .bind(15, guild.splash)
      .run();
}

constexpr const char* role_columns =
    "id, guild_id, name, color, hoist, position, permissions, managed, mentionable, bot_id, icon, "
    "unicode_emoji";

Role read_role(const Statement& row) {
  Role role;
  role.id = row.uint64(0);
  role.guild_id = row.uint64(1);
  role.name = row.text(2);
  role.color = row.int64(3);
  role.hoist = row.boolean(4);
  role.position = row.int64(5);
  role.permissions = row.uint64(6);
  role.managed = row.boolean(7);
  role.mentionable = row.boolean(8);
  role.bot_id = row.optional_id(9);
  role.icon = row.optional_text(10);
  role.unicode_emoji = row.optional_text(11);
  return role;
}

void write_role(SqlConnection& db, const Role& role) {
  db.prepare(
        std::string("INSERT INTO roles (") + role_columns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (id) DO UPDATE SET "
        "name = ?3, color = ?4, hoist = ?5, position = ?6, permissions = ?7, managed = ?8, mentionable = ?9, "
        "bot_id = ?10, icon = ?11, unicode_emoji = ?12")
      .bind(1, role.id)
      .bind(2, role.guild_id)
      .bind(3, role.name)
      .bind(4, role.color)
      .bind(5, role.hoist)
      .bind(6, role.position)
      .bind(7, role.permissions)
      .bind(8, role.managed)
      .bind(9, role.mentionable)
      .bind(10, role.bot_id)
      .bind(11, role.icon)
      .bind(12, role.unicode_emoji)
      .run();
}

constexpr const char* channel_columns =
    "id, guild_id, type, name, position, parent_id, topic, nsfw, rate_limit_per_user, bitrate, user_limit, "
    "last_message_id, owner_id, archived, locked, invitable, auto_archive_duration, archived_at, created_at, "
    "message_count, flags, icon";

Channel read_channel(const Statement& row) {
  Channel channel;
  channel.id = row.uint64(0);
  channel.guild_id = row.optional_id(1);
  channel.type = static_cast<ChannelType>(row.int64(2));
  channel.name = row.text(3);
  channel.position = row.int64(4);
  channel.parent_id = row.optional_id(5);
  channel.topic = row.optional_text(6);
  channel.nsfw = row.boolean(7);
  channel.rate_limit_per_user = row.int64(8);
  channel.bitrate = row.optional_int64(9);
  channel.user_limit = row.optional_int64(10);
  channel.last_message_id = row.optional_id(11);
  if (is_thread(channel.type)) {
    ThreadMetadata thread;
    thread.owner_id = row.optional_id(12).value_or(0);
    thread.archived = row.boolean(13);
    thread.locked = row.boolean(14);
    thread.invitable = row.boolean(15);
    thread.auto_archive_duration = row.optional_int64(16).value_or(4320);
    thread.archived_at_ms = row.optional_int64(17).value_or(0);
    thread.created_at_ms = row.optional_int64(18).value_or(0);
    thread.message_count = row.int64(19);
    channel.thread = thread;
  }
  channel.flags = row.int64(20);
  if (channel.type == ChannelType::group_dm) channel.owner_id = row.optional_id(12);
  channel.icon = row.optional_text(21);
  return channel;
}

void load_overwrites(SqlConnection& db, Channel& channel) {
  auto row = db.prepare(
      "SELECT target_id, type, allow, deny FROM permission_overwrites WHERE channel_id = ?1 ORDER BY rowid");
  row.bind(1, channel.id);
  channel.overwrites.clear();
  while (row.step()) {
    channel.overwrites.push_back(
        {row.uint64(0), static_cast<int>(row.int64(1)), row.uint64(2), row.uint64(3)});
  }
}

void write_channel(SqlConnection& db, const Channel& channel) {
  db.prepare(
        std::string("INSERT INTO channels (") + channel_columns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
        "0, ?20, ?21) ON CONFLICT (id) DO UPDATE SET "
        "type = ?3, name = ?4, position = ?5, parent_id = ?6, topic = ?7, nsfw = ?8, "
        "rate_limit_per_user = ?9, bitrate = ?10, user_limit = ?11, owner_id = ?13, archived = ?14, locked = "
        "?15, "
        "invitable = ?16, auto_archive_duration = ?17, archived_at = ?18, flags = ?20, icon = ?21")
      .bind(1, channel.id)
      .bind(2, channel.guild_id)
      .bind(3, static_cast<std::int64_t>(channel.type))
      .bind(4, channel.name)
      .bind(5, channel.position)
      .bind(6, channel.parent_id)
      .bind(7, channel.topic)
      .bind(8, channel.nsfw)
      .bind(9, channel.rate_limit_per_user)
      .bind(10, channel.bitrate)
      .bind(11, channel.user_limit)
      .bind(12, channel.last_message_id)
      .bind(13, channel.thread ? std::optional<Snowflake>(channel.thread->owner_id) : channel.owner_id)
      .bind(14, channel.thread && channel.thread->archived)
      .bind(15, channel.thread && channel.thread->locked)
      .bind(16, !channel.thread || channel.thread->invitable)
      .bind(17, channel.thread ? std::optional(channel.thread->auto_archive_duration) : std::nullopt)
      .bind(18, channel.thread ? std::optional(channel.thread->archived_at_ms) : std::nullopt)
      .bind(19, channel.thread ? std::optional(channel.thread->created_at_ms) : std::nullopt)
      .bind(20, channel.flags)
      .bind(21, channel.icon)
      .run();
  db.prepare("DELETE FROM permission_overwrites WHERE channel_id = ?1").bind(1, channel.id).run();
  for (const auto& overwrite : channel.overwrites) {
    db.prepare(
          "INSERT INTO permission_overwrites (channel_id, target_id, type, allow, deny) VALUES (?1, ?2, ?3, "
          "?4, ?5)")
        .bind(1, channel.id)
        .bind(2, overwrite.id)
        .bind(3, std::int64_t{overwrite.type})
        .bind(4, overwrite.allow)
        .bind(5, overwrite.deny)
        .run();
  }
}

constexpr const char* member_columns =
    "guild_id, user_id, nick, joined_at, deaf, mute, communication_disabled_until, avatar";

Member read_member(SqlConnection& db, const Statement& row) {
  Member member;
  member.guild_id = row.uint64(0);
  member.user_id = row.uint64(1);
  member.nick = row.optional_text(2);
  member.joined_at_ms = row.int64(3);
  member.deaf = row.boolean(4);
  member.mute = row.boolean(5);
  member.communication_disabled_until_ms = row.optional_int64(6);
  member.avatar = row.optional_text(7);
  auto roles =
      db.prepare("SELECT role_id FROM member_roles WHERE guild_id = ?1 AND user_id = ?2 ORDER BY role_id");
  roles.bind(1, member.guild_id).bind(2, member.user_id);
  while (roles.step()) member.role_ids.push_back(roles.uint64(0));
  return member;
}

void write_member(SqlConnection& db, const Member& member) {
  db.prepare(
        std::string("INSERT INTO members (") + member_columns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (guild_id, user_id) DO UPDATE SET nick = ?3, "
        "deaf = ?5, mute = ?6, communication_disabled_until = ?7, avatar = ?8")
      .bind(1, member.guild_id)
      .bind(2, member.user_id)
      .bind(3, member.nick)
      .bind(4, member.joined_at_ms)
      .bind(5, member.deaf)
      .bind(6, member.mute)
      .bind(7, member.communication_disabled_until_ms)
      .bind(8, member.avatar)
      .run();
  db.prepare("DELETE FROM member_roles WHERE guild_id = ?1 AND user_id = ?2")
      .bind(1, member.guild_id)
      .bind(2, member.user_id)
      .run();
  for (auto role : member.role_ids) {
    db.prepare(
          "INSERT INTO member_roles (guild_id, user_id, role_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
        .bind(1, member.guild_id)
        .bind(2, member.user_id)
        .bind(3, role)
        .run();
  }
}

constexpr const char* invite_columns =
    "code, guild_id, channel_id, inviter_id, max_age, max_uses, uses, temporary, created_at";

Invite read_invite(const Statement& row) {
  Invite invite;
  invite.code = row.text(0);
  invite.guild_id = row.uint64(1);
  invite.channel_id = row.uint64(2);
  invite.inviter_id = row.optional_id(3);
  invite.max_age = row.int64(4);
  invite.max_uses = row.int64(5);
  invite.uses = row.int64(6);
  invite.temporary = row.boolean(7);
  invite.created_at_ms = row.int64(8);
  return invite;
}

}  // namespace

void SqlStore::create_guild(const Guild& guild, const std::vector<Role>& roles,
                            const std::vector<Channel>& channels, const Member& owner) {
  auto db = lease();
  Transaction transaction(*db);
  write_guild(*db, guild);
  for (const auto& role : roles) write_role(*db, role);
  for (const auto& channel : channels) write_channel(*db, channel);
  write_member(*db, owner);
  transaction.commit();
}

std::optional<Guild> SqlStore::find_guild(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + guild_columns + " FROM guilds WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_guild(row);
}

std::vector<Guild> SqlStore::list_guilds(const std::string& query, Snowflake after, std::int64_t limit) {
  auto db = lease();
  auto rows =
      db->prepare(std::string("SELECT ") + guild_columns + " FROM guilds WHERE id > ?1 AND (?2 = '' OR " +
                  dialect::contains(engine_, "lower(name)", "lower(?2)") +
                  " OR CAST(id AS TEXT) = ?2) ORDER BY id LIMIT ?3");
  rows.bind(1, after).bind(2, query).bind(3, limit);
  std::vector<Guild> guilds;
  while (rows.step()) guilds.push_back(read_guild(rows));
  return guilds;
}

void SqlStore::update_guild(const Guild& guild) {
  auto db = lease();
  write_guild(*db, guild);
}

void SqlStore::delete_guild(Snowflake id) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare("DELETE FROM messages WHERE guild_id = ?1").bind(1, id).run();
  db->prepare("DELETE FROM guilds WHERE id = ?1").bind(1, id).run();
  transaction.commit();
}

std::vector<Guild> SqlStore::list_user_guilds(Snowflake user_id) {
  auto db = lease();
  auto row =
      db->prepare(std::string("SELECT ") + guild_columns +
                  " FROM guilds WHERE id IN (SELECT guild_id FROM members WHERE user_id = ?1) ORDER BY id");
  row.bind(1, user_id);
  std::vector<Guild> guilds;
  while (row.step()) guilds.push_back(read_guild(row));
  return guilds;
}

std::int64_t SqlStore::count_members(Snowflake guild_id) {
  auto db = lease();
  auto row = db->prepare("SELECT count(*) FROM members WHERE guild_id = ?1");
  row.bind(1, guild_id).step();
  return row.int64(0);
}

std::vector<Role> SqlStore::list_roles(Snowflake guild_id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + role_columns +
                         " FROM roles WHERE guild_id = ?1 ORDER BY position, id");
  row.bind(1, guild_id);
  std::vector<Role> roles;
  while (row.step()) roles.push_back(read_role(row));
  return roles;
}

std::optional<Role> SqlStore::find_role(Snowflake id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + role_columns + " FROM roles WHERE id = ?1");
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_role(row);
}

void SqlStore::save_role(const Role& role) {
  auto db = lease();
  write_role(*db, role);
}

void SqlStore::delete_role(Snowflake id) {
  auto db = lease();
  Transaction transaction(*db);
  db->prepare("DELETE FROM permission_overwrites WHERE target_id = ?1").bind(1, id).run();
  db->prepare("DELETE FROM roles WHERE id = ?1").bind(1, id).run();
  transaction.commit();
}

std::vector<Channel> SqlStore::list_channels(Snowflake guild_id) {
  auto db = lease();
  auto row =
      db->prepare(std::string("SELECT ") + channel_columns +
                  " FROM channels WHERE guild_id = ?1 AND type NOT IN (10, 11, 12) ORDER BY position, id");
  row.bind(1, guild_id);
  std::vector<Channel> channels;
  while (row.step()) channels.push_back(read_channel(row));
  for (auto& channel : channels) load_overwrites(*db, channel);
  return channels;
}

std::optional<Channel> SqlStore::find_channel(Snowflake id) {
  auto db = lease();
  std::optional<Channel> channel;
  {
    auto row = db->prepare(std::string("SELECT ") + channel_columns + " FROM channels WHERE id = ?1");
    if (!row.bind(1, id).step()) return std::nullopt;
    channel = read_channel(row);
  }
  if (channel->thread) {
    auto count = db->prepare("SELECT count(*) FROM thread_members WHERE thread_id = ?1");
    count.bind(1, id).step();
    channel->thread->member_count = count.int64(0);
  }
  load_overwrites(*db, *channel);
  return channel;
}

std::vector<Channel> SqlStore::list_threads(Snowflake guild_id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + channel_columns +
                         " FROM channels WHERE guild_id = ?1 AND type IN (10, 11, 12) ORDER BY id DESC");
  row.bind(1, guild_id);
  std::vector<Channel> threads;
  while (row.step()) threads.push_back(read_channel(row));
  for (auto& thread : threads) {
    auto count = db->prepare("SELECT count(*) FROM thread_members WHERE thread_id = ?1");
    count.bind(1, thread.id).step();
    thread.thread->member_count = count.int64(0);
  }
  return threads;
}

std::vector<Channel> SqlStore::list_open_threads() {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + channel_columns +
                         " FROM channels WHERE type IN (10, 11, 12) AND archived = 0 ORDER BY id");
  std::vector<Channel> threads;
  while (row.step()) threads.push_back(read_channel(row));
  return threads;
}

bool SqlStore::add_thread_member(const ThreadMember& member) {
  auto db = lease();
  auto insert = db->prepare(
      "INSERT INTO thread_members (thread_id, user_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO "
      "NOTHING");
  insert.bind(1, member.thread_id).bind(2, member.user_id).bind(3, member.joined_at_ms).run();
  return db->changes() > 0;
}

bool SqlStore::remove_thread_member(Snowflake thread_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM thread_members WHERE thread_id = ?1 AND user_id = ?2")
      .bind(1, thread_id)
      .bind(2, user_id)
      .run();
  return db->changes() > 0;
}

std::vector<ThreadMember> SqlStore::list_thread_members(Snowflake thread_id) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT thread_id, user_id, joined_at FROM thread_members WHERE thread_id = ?1 ORDER BY user_id");
  row.bind(1, thread_id);
  std::vector<ThreadMember> members;
  while (row.step()) members.push_back({row.uint64(0), row.uint64(1), row.int64(2)});
  return members;
}

std::optional<ThreadMember> SqlStore::find_thread_member(Snowflake thread_id, Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT thread_id, user_id, joined_at FROM thread_members WHERE thread_id = ?1 AND user_id = ?2");
  if (!row.bind(1, thread_id).bind(2, user_id).step()) return std::nullopt;
  return ThreadMember{row.uint64(0), row.uint64(1), row.int64(2)};
}

void SqlStore::save_channel(const Channel& channel) {
  auto db = lease();
  Transaction transaction(*db);
  write_channel(*db, channel);
  transaction.commit();
}

void SqlStore::delete_channel(Snowflake id) {
  auto db = lease();
  Transaction transaction(*db);
  // Threads go with their channel; other children (channels of a deleted category) stay, unparented.
  db->prepare("DELETE FROM channels WHERE parent_id = ?1 AND type IN (10, 11, 12)").bind(1, id).run();
  db->prepare("UPDATE channels SET parent_id = NULL WHERE parent_id = ?1").bind(1, id).run();
  db->prepare("DELETE FROM channels WHERE id = ?1").bind(1, id).run();
  transaction.commit();
}

std::optional<Member> SqlStore::find_member(Snowflake guild_id, Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + member_columns +
                         " FROM members WHERE guild_id = ?1 AND user_id = ?2");
  if (!row.bind(1, guild_id).bind(2, user_id).step()) return std::nullopt;
  return read_member(*db, row);
}

std::vector<Member> SqlStore::list_members(Snowflake guild_id, Snowflake after, std::int64_t limit) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + member_columns +
                         " FROM members WHERE guild_id = ?1 AND user_id > ?2 ORDER BY user_id LIMIT ?3");
  row.bind(1, guild_id).bind(2, after).bind(3, limit);
  std::vector<Member> members;
  while (row.step()) members.push_back(read_member(*db, row));
  return members;
}

std::vector<Member> SqlStore::search_members(Snowflake guild_id, const std::string& prefix,
                                             std::int64_t limit) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT m.guild_id, m.user_id, m.nick, m.joined_at, m.deaf, m.mute, m.communication_disabled_until, "
      "m.avatar "
      "FROM members m JOIN users u ON u.id = m.user_id WHERE m.guild_id = ?1 AND ("
      "lower(u.username) LIKE ?2 ESCAPE '\\' OR lower(coalesce(u.global_name, '')) LIKE ?2 ESCAPE '\\' OR "
      "lower(coalesce(m.nick, '')) LIKE ?2 ESCAPE '\\') ORDER BY m.user_id LIMIT ?3");
  std::string pattern;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  row.bind(1, guild_id).bind(2, pattern + "%").bind(3, limit);
  std::vector<Member> members;
  while (row.step()) members.push_back(read_member(*db, row));
  return members;
}

void SqlStore::save_member(const Member& member) {
  auto db = lease();
  Transaction transaction(*db);
  write_member(*db, member);
  transaction.commit();
}

void SqlStore::remove_member(Snowflake guild_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM members WHERE guild_id = ?1 AND user_id = ?2")
      .bind(1, guild_id)
      .bind(2, user_id)
      .run();
}

void SqlStore::create_invite(const Invite& invite) {
  auto db = lease();
  db->prepare(std::string("INSERT INTO invites (") + invite_columns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, invite.code)
      .bind(2, invite.guild_id)
      .bind(3, invite.channel_id)
      .bind(4, invite.inviter_id)
      .bind(5, invite.max_age)
      .bind(6, invite.max_uses)
      .bind(7, invite.uses)
      .bind(8, invite.temporary)
      .bind(9, invite.created_at_ms)
      .run();
}

std::optional<Invite> SqlStore::find_invite(const std::string& code) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + invite_columns + " FROM invites WHERE code = ?1");
  if (!row.bind(1, code).step()) return std::nullopt;
  return read_invite(row);
}

bool SqlStore::use_invite(const std::string& code, std::int64_t now_ms) {
  auto db = lease();
  // One statement, so two people racing for the last use cannot both get it.
  db->prepare(
        "UPDATE invites SET uses = uses + 1 WHERE code = ?1 AND (max_uses = 0 OR uses < max_uses) AND "
        "(max_age = 0 OR created_at + max_age * 1000 > ?2)")
      .bind(1, code)
      .bind(2, now_ms)
      .run();
  return db->changes() == 1;
}

void SqlStore::delete_invite(const std::string& code) {
  auto db = lease();
  db->prepare("DELETE FROM invites WHERE code = ?1").bind(1, code).run();
}

std::vector<Invite> SqlStore::list_invites(Snowflake guild_id, std::optional<Snowflake> channel_id) {
  auto db = lease();
  auto row = db->prepare(std::string("SELECT ") + invite_columns +
                         " FROM invites WHERE guild_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR channel_id = "
                         "?2) ORDER BY created_at");
  row.bind(1, guild_id).bind(2, channel_id);
  std::vector<Invite> invites;
  while (row.step()) invites.push_back(read_invite(row));
  return invites;
}

void SqlStore::save_ban(const Ban& ban) {
  auto db = lease();
  db->prepare(
        "INSERT INTO bans (guild_id, user_id, reason) VALUES (?1, ?2, ?3) ON CONFLICT (guild_id, user_id) DO "
        "UPDATE SET reason = ?3")
      .bind(1, ban.guild_id)
      .bind(2, ban.user_id)
      .bind(3, ban.reason)
      .run();
}

std::optional<Ban> SqlStore::find_ban(Snowflake guild_id, Snowflake user_id) {
  auto db = lease();
  auto row = db->prepare("SELECT reason FROM bans WHERE guild_id = ?1 AND user_id = ?2");
  if (!row.bind(1, guild_id).bind(2, user_id).step()) return std::nullopt;
  return Ban{guild_id, user_id, row.optional_text(0)};
}

std::vector<Ban> SqlStore::list_bans(Snowflake guild_id) {
  auto db = lease();
  auto row = db->prepare("SELECT user_id, reason FROM bans WHERE guild_id = ?1 ORDER BY user_id");
  row.bind(1, guild_id);
  std::vector<Ban> bans;
  while (row.step()) bans.push_back({guild_id, row.uint64(0), row.optional_text(1)});
  return bans;
}

void SqlStore::delete_ban(Snowflake guild_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM bans WHERE guild_id = ?1 AND user_id = ?2")
      .bind(1, guild_id)
      .bind(2, user_id)
      .run();
}

}  // namespace accord::store

namespace accord::store {

void SqlStore::create_private_channel(const Channel& channel, const std::vector<Snowflake>& recipients) {
  auto db = lease();
  Transaction transaction(*db);
  write_channel(*db, channel);
  for (auto user_id : recipients) {
    db->prepare("INSERT INTO channel_recipients (channel_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .bind(1, channel.id)
        .bind(2, user_id)
        .run();
  }
  transaction.commit();
}

std::vector<Snowflake> SqlStore::list_recipients(Snowflake channel_id) {
  auto db = lease();
  auto rows = db->prepare("SELECT user_id FROM channel_recipients WHERE channel_id = ?1 ORDER BY user_id");
  rows.bind(1, channel_id);
  std::vector<Snowflake> users;
  while (rows.step()) users.push_back(rows.uint64(0));
  return users;
}

bool SqlStore::add_recipient(Snowflake channel_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("INSERT INTO channel_recipients (channel_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
      .bind(1, channel_id)
      .bind(2, user_id)
      .run();
  return db->changes() == 1;
}

bool SqlStore::remove_recipient(Snowflake channel_id, Snowflake user_id) {
  auto db = lease();
  db->prepare("DELETE FROM channel_recipients WHERE channel_id = ?1 AND user_id = ?2")
      .bind(1, channel_id)
      .bind(2, user_id)
      .run();
  return db->changes() == 1;
}

std::optional<Snowflake> SqlStore::find_dm(Snowflake user_id, Snowflake other_id) {
  auto db = lease();
  // A DM with oneself has a single recipient row.
  auto row = db->prepare(
      "SELECT c.id FROM channels c JOIN channel_recipients a ON a.channel_id = c.id AND a.user_id = ?1 "
      "JOIN channel_recipients b ON b.channel_id = c.id AND b.user_id = ?2 WHERE c.type = 1 LIMIT 1");
  if (!row.bind(1, user_id).bind(2, other_id).step()) return std::nullopt;
  return row.uint64(0);
}

std::vector<Channel> SqlStore::list_private_channels(Snowflake user_id) {
  auto db = lease();
  auto rows =
      db->prepare(std::string("SELECT ") + channel_columns +
                  " FROM channels WHERE id IN (SELECT channel_id FROM channel_recipients WHERE user_id = ?1) "
                  "ORDER BY coalesce(last_message_id, id) DESC");
  rows.bind(1, user_id);
  std::vector<Channel> channels;
  while (rows.step()) channels.push_back(read_channel(rows));
  return channels;
}

bool SqlStore::share_guild(Snowflake user_id, Snowflake other_id) {
  auto db = lease();
  auto row = db->prepare(
      "SELECT 1 FROM members a JOIN members b ON a.guild_id = b.guild_id WHERE a.user_id = ?1 AND b.user_id "
      "= ?2 "
      "LIMIT 1");
  return row.bind(1, user_id).bind(2, other_id).step();
}

}  // namespace accord::store
