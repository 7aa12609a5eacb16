-- Full-text search over message content: an expression index on the words of each message, which
-- the search query matches with the same expression (SQLite uses an FTS5 table for this).
CREATE INDEX messages_search ON messages USING gin (to_tsvector('simple', content));
