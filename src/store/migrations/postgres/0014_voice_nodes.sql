-- Voice in a cluster: each node's voice server (its endpoint, last seen), and which node hosts each
-- voice channel's call, so everyone in one channel is sent to the same voice server.
CREATE TABLE voice_nodes (
  worker_id BIGINT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  seen_at BIGINT NOT NULL  -- ms since the epoch
);

CREATE TABLE voice_channel_hosts (
  channel_id BIGINT PRIMARY KEY,
  worker_id BIGINT NOT NULL
);
