-- Guild scheduled events with the members interested in them, and auto moderation rules.
CREATE TABLE scheduled_events (
  id INTEGER PRIMARY KEY,
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  channel_id INTEGER,
  creator_id INTEGER,
  name TEXT NOT NULL,
  description TEXT,
  scheduled_start INTEGER NOT NULL,
  scheduled_end INTEGER,
  privacy_level INTEGER NOT NULL DEFAULT 2,
  status INTEGER NOT NULL DEFAULT 1,
  entity_type INTEGER NOT NULL,
  location TEXT,
  image TEXT
) STRICT;
CREATE INDEX scheduled_events_guild ON scheduled_events (guild_id);

CREATE TABLE scheduled_event_users (
  event_id INTEGER NOT NULL REFERENCES scheduled_events (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  PRIMARY KEY (event_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE auto_moderation_rules (
  id INTEGER PRIMARY KEY,
  guild_id INTEGER NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  creator_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  event_type INTEGER NOT NULL,
  trigger_type INTEGER NOT NULL,
  trigger_metadata TEXT NOT NULL DEFAULT '{}',
  actions TEXT NOT NULL DEFAULT '[]',
  enabled INTEGER NOT NULL DEFAULT 0,
  exempt_roles TEXT NOT NULL DEFAULT '[]',
  exempt_channels TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX auto_moderation_rules_guild ON auto_moderation_rules (guild_id);
