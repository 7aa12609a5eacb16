-- The bot platform: webhooks, application commands, interactions and the audit log. Messages learn
-- who sent them when it was not a member (webhook or interaction response), their components, and
-- whether only one user may see them (ephemeral interaction responses).
ALTER TABLE messages ADD COLUMN components TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN webhook_id INTEGER;
ALTER TABLE messages ADD COLUMN application_id INTEGER;
ALTER TABLE messages ADD COLUMN author_name TEXT;
ALTER TABLE messages ADD COLUMN author_avatar TEXT;
ALTER TABLE messages ADD COLUMN interaction TEXT;
ALTER TABLE messages ADD COLUMN visible_to INTEGER;

CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  type INTEGER NOT NULL,
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  user_id INTEGER,
  name TEXT NOT NULL,
  avatar TEXT,
  token TEXT NOT NULL,
  application_id INTEGER,
  source_channel_id INTEGER  -- a channel follower webhook (type 2): the announcement channel it copies
) STRICT;
CREATE INDEX webhooks_guild ON webhooks (guild_id, channel_id);
CREATE INDEX webhooks_source ON webhooks (source_channel_id) WHERE source_channel_id IS NOT NULL;

CREATE TABLE application_commands (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  guild_id INTEGER REFERENCES guilds (id) ON DELETE CASCADE,
  type INTEGER NOT NULL,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  version INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX application_commands_name
  ON application_commands (application_id, coalesce(guild_id, 0), type, name);

-- An interaction lives for its token's lifetime (15 minutes by default); old rows are swept.
CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL,
  token TEXT NOT NULL,
  type INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  guild_id INTEGER,
  channel_id INTEGER NOT NULL,
  message_id INTEGER,
  name TEXT NOT NULL DEFAULT '',
  command_type INTEGER NOT NULL DEFAULT 0,
  nonce TEXT,
  created_at INTEGER NOT NULL,
  response_type INTEGER,
  original_message_id INTEGER,
  ephemeral INTEGER NOT NULL DEFAULT 0,
  modal_custom_id TEXT,
  failed INTEGER NOT NULL DEFAULT 0,
  followups INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX interactions_pending ON interactions (created_at) WHERE response_type IS NULL AND failed = 0;

CREATE TABLE audit_log_entries (
  id INTEGER PRIMARY KEY,
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  user_id INTEGER,
  target_id INTEGER,
  action_type INTEGER NOT NULL,
  changes TEXT NOT NULL DEFAULT '[]',
  options TEXT,
  reason TEXT
) STRICT;
CREATE INDEX audit_log_guild ON audit_log_entries (guild_id, id);
