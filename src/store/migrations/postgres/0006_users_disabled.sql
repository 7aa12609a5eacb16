-- Administrators can disable an account: it cannot log in and its tokens are refused.
ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;
