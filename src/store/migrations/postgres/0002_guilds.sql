CREATE TABLE guilds (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  icon TEXT,
  owner_id BIGINT NOT NULL REFERENCES users (id),
  description TEXT,
  verification_level BIGINT NOT NULL DEFAULT 0,
  default_message_notifications BIGINT NOT NULL DEFAULT 0,
  explicit_content_filter BIGINT NOT NULL DEFAULT 0,
  afk_channel_id BIGINT,
  afk_timeout BIGINT NOT NULL DEFAULT 300,
  system_channel_id BIGINT,
  system_channel_flags BIGINT NOT NULL DEFAULT 0,
  preferred_locale TEXT NOT NULL DEFAULT 'en-US'
);

CREATE TABLE roles (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  color BIGINT NOT NULL DEFAULT 0,
  hoist BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL DEFAULT 0,
  permissions BIGINT NOT NULL DEFAULT 0,
  managed BIGINT NOT NULL DEFAULT 0,
  mentionable BIGINT NOT NULL DEFAULT 0,
  bot_id BIGINT
);
CREATE INDEX roles_guild ON roles (guild_id);

CREATE TABLE channels (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT REFERENCES guilds (id) ON DELETE CASCADE,
  type BIGINT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  position BIGINT NOT NULL DEFAULT 0,
  parent_id BIGINT,
  topic TEXT,
  nsfw BIGINT NOT NULL DEFAULT 0,
  rate_limit_per_user BIGINT NOT NULL DEFAULT 0,
  bitrate BIGINT,
  user_limit BIGINT,
  last_message_id BIGINT
);
CREATE INDEX channels_guild ON channels (guild_id);

CREATE TABLE permission_overwrites (
  channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  target_id BIGINT NOT NULL,
  type BIGINT NOT NULL,
  allow BIGINT NOT NULL DEFAULT 0,
  deny BIGINT NOT NULL DEFAULT 0,
  -- Insertion order, named after SQLite's implicit rowid, which the store orders overwrites by.
  rowid BIGSERIAL,
  PRIMARY KEY (channel_id, target_id)
);

CREATE TABLE members (
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  nick TEXT,
  joined_at BIGINT NOT NULL,
  deaf BIGINT NOT NULL DEFAULT 0,
  mute BIGINT NOT NULL DEFAULT 0,
  communication_disabled_until BIGINT,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE member_roles (
  guild_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  role_id BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (guild_id, user_id, role_id),
  FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id) ON DELETE CASCADE
);

CREATE TABLE invites (
  code TEXT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  inviter_id BIGINT,
  max_age BIGINT NOT NULL,
  max_uses BIGINT NOT NULL,
  uses BIGINT NOT NULL DEFAULT 0,
  temporary BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX invites_guild ON invites (guild_id);

CREATE TABLE bans (
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  reason TEXT,
  PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE messages (
  id BIGINT PRIMARY KEY,
  channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  guild_id BIGINT,
  author_id BIGINT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  type BIGINT NOT NULL DEFAULT 0,
  tts BIGINT NOT NULL DEFAULT 0,
  flags BIGINT NOT NULL DEFAULT 0,
  nonce TEXT,
  edited_at BIGINT,
  pinned BIGINT NOT NULL DEFAULT 0,
  mention_everyone BIGINT NOT NULL DEFAULT 0,
  embeds TEXT NOT NULL DEFAULT '[]',
  mentions TEXT NOT NULL DEFAULT '[]',
  mention_roles TEXT NOT NULL DEFAULT '[]',
  reference TEXT
);
CREATE INDEX messages_channel ON messages (channel_id, id);
