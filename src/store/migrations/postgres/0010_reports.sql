-- What people report to the instance's administrators: a message, a user or a guild, with a reason.
CREATE TABLE reports (
  id BIGINT PRIMARY KEY,
  reporter_id BIGINT NOT NULL,
  guild_id BIGINT,
  channel_id BIGINT,
  message_id BIGINT,
  user_id BIGINT,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  resolved_by BIGINT,
  resolved_at BIGINT
);
CREATE INDEX reports_open ON reports (resolved_at, id);
