CREATE TABLE instance_values (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  discriminator TEXT NOT NULL,
  global_name TEXT,
  avatar TEXT,
  banner TEXT,
  accent_color INTEGER,
  bio TEXT NOT NULL DEFAULT '',
  bot INTEGER NOT NULL DEFAULT 0,
  system INTEGER NOT NULL DEFAULT 0,
  email TEXT,
  verified INTEGER NOT NULL DEFAULT 0,
  mfa_enabled INTEGER NOT NULL DEFAULT 0,
  flags INTEGER NOT NULL DEFAULT 0,
  locale TEXT NOT NULL DEFAULT 'en-US',
  created_at INTEGER NOT NULL,
  password_hash TEXT
) STRICT;
CREATE UNIQUE INDEX users_tag ON users (lower(username), discriminator);
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  client TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  icon TEXT,
  bot_public INTEGER NOT NULL DEFAULT 1,
  bot_require_code_grant INTEGER NOT NULL DEFAULT 0,
  bot_user_id INTEGER UNIQUE REFERENCES users (id),
  verify_key TEXT NOT NULL,
  signing_key TEXT NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0,
  interactions_endpoint_url TEXT
) STRICT;
CREATE INDEX applications_owner ON applications (owner_id);
