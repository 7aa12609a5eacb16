CREATE TABLE guilds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  icon TEXT,
  owner_id INTEGER NOT NULL REFERENCES users (id),
  description TEXT,
  verification_level INTEGER NOT NULL DEFAULT 0,
  default_message_notifications INTEGER NOT NULL DEFAULT 0,
  explicit_content_filter INTEGER NOT NULL DEFAULT 0,
  afk_channel_id INTEGER,
  afk_timeout INTEGER NOT NULL DEFAULT 300,
  system_channel_id INTEGER,
  system_channel_flags INTEGER NOT NULL DEFAULT 0,
  preferred_locale TEXT NOT NULL DEFAULT 'en-US'
) STRICT;

CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  color INTEGER NOT NULL DEFAULT 0,
  hoist INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  permissions INTEGER NOT NULL DEFAULT 0,
  managed INTEGER NOT NULL DEFAULT 0,
  mentionable INTEGER NOT NULL DEFAULT 0,
  bot_id INTEGER
) STRICT;
CREATE INDEX roles_guild ON roles (guild_id);

CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  guild_id INTEGER REFERENCES guilds (id) ON DELETE CASCADE,
  type INTEGER NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  parent_id INTEGER,
  topic TEXT,
  nsfw INTEGER NOT NULL DEFAULT 0,
  rate_limit_per_user INTEGER NOT NULL DEFAULT 0,
  bitrate INTEGER,
  user_limit INTEGER,
  last_message_id INTEGER
) STRICT;
CREATE INDEX channels_guild ON channels (guild_id);

CREATE TABLE permission_overwrites (
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL,
  type INTEGER NOT NULL,
  allow INTEGER NOT NULL DEFAULT 0,
  deny INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_id, target_id)
) STRICT;

CREATE TABLE members (
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  nick TEXT,
  joined_at INTEGER NOT NULL,
  deaf INTEGER NOT NULL DEFAULT 0,
  mute INTEGER NOT NULL DEFAULT 0,
  communication_disabled_until INTEGER,
  PRIMARY KEY (guild_id, user_id)
) STRICT;
CREATE INDEX members_user ON members (user_id);

CREATE TABLE member_roles (
  guild_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (guild_id, user_id, role_id),
  FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id) ON DELETE CASCADE
) STRICT;

CREATE TABLE invites (
  code TEXT PRIMARY KEY,
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  inviter_id INTEGER,
  max_age INTEGER NOT NULL,
  max_uses INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 0,
  temporary INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX invites_guild ON invites (guild_id);

CREATE TABLE bans (
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  reason TEXT,
  PRIMARY KEY (guild_id, user_id)
) STRICT;

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  guild_id INTEGER,
  author_id INTEGER NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  type INTEGER NOT NULL DEFAULT 0,
  tts INTEGER NOT NULL DEFAULT 0,
  flags INTEGER NOT NULL DEFAULT 0,
  nonce TEXT,
  edited_at INTEGER,
  pinned INTEGER NOT NULL DEFAULT 0,
  mention_everyone INTEGER NOT NULL DEFAULT 0,
  embeds TEXT NOT NULL DEFAULT '[]',
  mentions TEXT NOT NULL DEFAULT '[]',
  mention_roles TEXT NOT NULL DEFAULT '[]',
  reference TEXT
) STRICT;
CREATE INDEX messages_channel ON messages (channel_id, id);
