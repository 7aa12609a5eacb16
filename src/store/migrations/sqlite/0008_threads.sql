-- Threads are channels (types 10, 11, 12) under a parent channel, with their own membership.
ALTER TABLE channels ADD COLUMN owner_id INTEGER;
ALTER TABLE channels ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN invitable INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channels ADD COLUMN auto_archive_duration INTEGER;
ALTER TABLE channels ADD COLUMN archived_at INTEGER;
ALTER TABLE channels ADD COLUMN created_at INTEGER;
ALTER TABLE channels ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
CREATE INDEX channels_parent ON channels (parent_id);

CREATE TABLE thread_members (
  thread_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (thread_id, user_id)
) STRICT;
CREATE INDEX thread_members_user ON thread_members (user_id);
