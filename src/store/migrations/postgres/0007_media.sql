-- Images arrive with the CDN: guild banners and splashes, role icons, message attachments and
-- stickers, guild emojis and stickers. Image columns hold the hash clients put in CDN URLs.
ALTER TABLE guilds ADD COLUMN banner TEXT;
ALTER TABLE guilds ADD COLUMN splash TEXT;
ALTER TABLE roles ADD COLUMN icon TEXT;
ALTER TABLE roles ADD COLUMN unicode_emoji TEXT;
ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN sticker_items TEXT NOT NULL DEFAULT '[]';

CREATE TABLE emojis (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  animated BIGINT NOT NULL DEFAULT 0,
  user_id BIGINT,
  roles TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX emojis_guild ON emojis (guild_id);

CREATE TABLE stickers (
  id BIGINT PRIMARY KEY,
  guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL,
  format_type BIGINT NOT NULL,
  user_id BIGINT
);
CREATE INDEX stickers_guild ON stickers (guild_id);
