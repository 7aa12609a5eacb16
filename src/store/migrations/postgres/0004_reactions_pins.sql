CREATE TABLE reactions (
  message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  emoji TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
);

ALTER TABLE messages ADD COLUMN pinned_at BIGINT;
CREATE INDEX messages_pins ON messages (channel_id, pinned_at) WHERE pinned_at IS NOT NULL;
CREATE INDEX messages_author ON messages (channel_id, author_id, id);
