-- What people have besides guilds: friends and blocks, private channels (DMs and group DMs) with
-- their recipients, and two-factor authentication.
CREATE TABLE relationships (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  other_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type BIGINT NOT NULL,  -- 1 friend, 2 blocked, 3 incoming request, 4 outgoing request
  nickname TEXT,
  since BIGINT NOT NULL,
  PRIMARY KEY (user_id, other_id)
);

ALTER TABLE channels ADD COLUMN icon TEXT;
CREATE TABLE channel_recipients (
  channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_recipients_user ON channel_recipients (user_id);

-- A member's own avatar in one guild.
ALTER TABLE members ADD COLUMN avatar TEXT;

ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN backup_codes TEXT NOT NULL DEFAULT '[]';

-- What clients keep for a person: settings (theme, locale, status, folders...), per-guild
-- notification settings, and private notes about other users. Settings stay the JSON clients send.
CREATE TABLE user_settings (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE user_guild_settings (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  guild_id BIGINT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (user_id, guild_id)
);
CREATE TABLE user_notes (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  target_id BIGINT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (user_id, target_id)
);
