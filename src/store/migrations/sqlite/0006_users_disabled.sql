-- Administrators can disable an account: it cannot log in and its tokens are refused.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
