-- Threads are channels (types 10, 11, 12) under a parent channel, with their own membership.
ALTER TABLE channels ADD COLUMN owner_id BIGINT;
ALTER TABLE channels ADD COLUMN archived BIGINT NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN locked BIGINT NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN invitable BIGINT NOT NULL DEFAULT 1;
ALTER TABLE channels ADD COLUMN auto_archive_duration BIGINT;
ALTER TABLE channels ADD COLUMN archived_at BIGINT;
ALTER TABLE channels ADD COLUMN created_at BIGINT;
ALTER TABLE channels ADD COLUMN message_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN flags BIGINT NOT NULL DEFAULT 0;
CREATE INDEX channels_parent ON channels (parent_id);

CREATE TABLE thread_members (
  thread_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_members_user ON thread_members (user_id);
