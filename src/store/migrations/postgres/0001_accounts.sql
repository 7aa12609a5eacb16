CREATE TABLE instance_values (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  username TEXT NOT NULL,
  discriminator TEXT NOT NULL,
  global_name TEXT,
  avatar TEXT,
  banner TEXT,
  accent_color BIGINT,
  bio TEXT NOT NULL DEFAULT '',
  bot BIGINT NOT NULL DEFAULT 0,
  system BIGINT NOT NULL DEFAULT 0,
  email TEXT,
  verified BIGINT NOT NULL DEFAULT 0,
  mfa_enabled BIGINT NOT NULL DEFAULT 0,
  flags BIGINT NOT NULL DEFAULT 0,
  locale TEXT NOT NULL DEFAULT 'en-US',
  created_at BIGINT NOT NULL,
  password_hash TEXT
);
CREATE UNIQUE INDEX users_tag ON users (lower(username), discriminator);
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE sessions (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE applications (
  id BIGINT PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  icon TEXT,
  bot_public BIGINT NOT NULL DEFAULT 1,
  bot_require_code_grant BIGINT NOT NULL DEFAULT 0,
  bot_user_id BIGINT UNIQUE REFERENCES users (id),
  verify_key TEXT NOT NULL,
  signing_key TEXT NOT NULL,
  flags BIGINT NOT NULL DEFAULT 0,
  interactions_endpoint_url TEXT
);
CREATE INDEX applications_owner ON applications (owner_id);
