-- Voice in a cluster: each node's voice server (its endpoint, last seen), and which node hosts each
-- voice channel's call, so everyone in one channel is sent to the same voice server.
CREATE TABLE voice_nodes (
  worker_id INTEGER PRIMARY KEY,
  endpoint TEXT NOT NULL,
  seen_at INTEGER NOT NULL  -- ms since the epoch
) STRICT;

CREATE TABLE voice_channel_hosts (
  channel_id INTEGER PRIMARY KEY,
  worker_id INTEGER NOT NULL
) STRICT;
