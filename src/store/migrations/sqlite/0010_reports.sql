-- What people report to the instance's administrators: a message, a user or a guild, with a reason.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  reporter_id INTEGER NOT NULL,
  guild_id INTEGER,
  channel_id INTEGER,
  message_id INTEGER,
  user_id INTEGER,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_by INTEGER,
  resolved_at INTEGER
) STRICT;
CREATE INDEX reports_open ON reports (resolved_at, id);
