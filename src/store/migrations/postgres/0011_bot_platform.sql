-- The bot platform: webhooks, application commands, interactions and the audit log. Messages learn
-- who sent them when it was not a member (webhook or interaction response), their components, and
-- whether only one user may see them (ephemeral interaction responses).
ALTER TABLE messages ADD COLUMN components TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN webhook_id BIGINT;
ALTER TABLE messages ADD COLUMN application_id BIGINT;
ALTER TABLE messages ADD COLUMN author_name TEXT;
ALTER TABLE messages ADD COLUMN author_avatar TEXT;
ALTER TABLE messages ADD COLUMN interaction TEXT;
ALTER TABLE messages ADD COLUMN visible_to BIGINT;

CREATE TABLE webhooks (
  id BIGINT PRIMARY KEY,
  type BIGINT NOT NULL,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  user_id BIGINT,
  name TEXT NOT NULL,
  avatar TEXT,
  token TEXT NOT NULL,
  application_id BIGINT,
  source_channel_id BIGINT  -- a channel follower webhook (type 2): the announcement channel it copies
);
CREATE INDEX webhooks_guild ON webhooks (guild_id, channel_id);
CREATE INDEX webhooks_source ON webhooks (source_channel_id) WHERE source_channel_id IS NOT NULL;

CREATE TABLE application_commands (
  id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  guild_id BIGINT REFERENCES guilds (id) ON DELETE CASCADE,
  type BIGINT NOT NULL,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX application_commands_name
  ON application_commands (application_id, coalesce(guild_id, 0), type, name);

-- An interaction lives for its token's lifetime (15 minutes by default); old rows are swept.
CREATE TABLE interactions (
  id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL,
  token TEXT NOT NULL,
  type BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  guild_id BIGINT,
  channel_id BIGINT NOT NULL,
  message_id BIGINT,
  name TEXT NOT NULL DEFAULT '',
  command_type BIGINT NOT NULL DEFAULT 0,
  nonce TEXT,
  created_at BIGINT NOT NULL,
  response_type BIGINT,
  original_message_id BIGINT,
  ephemeral BIGINT NOT NULL DEFAULT 0,
  modal_custom_id TEXT,
  failed BIGINT NOT NULL DEFAULT 0,
  followups BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX interactions_pending ON interactions (created_at) WHERE response_type IS NULL AND failed = 0;

CREATE TABLE audit_log_entries (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  user_id BIGINT,
  target_id BIGINT,
  action_type BIGINT NOT NULL,
  changes TEXT NOT NULL DEFAULT '[]',
  options TEXT,
  reason TEXT
);
CREATE INDEX audit_log_guild ON audit_log_entries (guild_id, id);
