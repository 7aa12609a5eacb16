-- How far each user has read in each channel (POST .../ack), sent back in READY.read_state.
CREATE TABLE read_states (
  user_id INTEGER NOT NULL,
  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  last_message_id INTEGER NOT NULL,
  mention_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, channel_id)
) STRICT;
