-- Guild scheduled events with the members interested in them, and auto moderation rules.
CREATE TABLE scheduled_events (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  channel_id BIGINT,
  creator_id BIGINT,
  name TEXT NOT NULL,
  description TEXT,
  scheduled_start BIGINT NOT NULL,
  scheduled_end BIGINT,
  privacy_level BIGINT NOT NULL DEFAULT 2,
  status BIGINT NOT NULL DEFAULT 1,
  entity_type BIGINT NOT NULL,
  location TEXT,
  image TEXT
);
CREATE INDEX scheduled_events_guild ON scheduled_events (guild_id);

CREATE TABLE scheduled_event_users (
  event_id BIGINT NOT NULL REFERENCES scheduled_events (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  PRIMARY KEY (event_id, user_id)
);

CREATE TABLE auto_moderation_rules (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  creator_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  event_type BIGINT NOT NULL,
  trigger_type BIGINT NOT NULL,
  trigger_metadata TEXT NOT NULL DEFAULT '{}',
  actions TEXT NOT NULL DEFAULT '[]',
  enabled BIGINT NOT NULL DEFAULT 0,
  exempt_roles TEXT NOT NULL DEFAULT '[]',
  exempt_channels TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX auto_moderation_rules_guild ON auto_moderation_rules (guild_id);
