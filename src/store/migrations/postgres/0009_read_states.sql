-- How far each user has read in each channel (POST .../ack), sent back in READY.read_state.
CREATE TABLE read_states (
  user_id BIGINT NOT NULL,
  channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  last_message_id BIGINT NOT NULL,
  mention_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, channel_id)
);
