-- Who is sending a message now: a worker on SQLite claims it until this time
-- (a worker on PostgreSQL locks the row instead). Cleared when it is settled,
-- and at start on SQLite, where only one server process uses the file.
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
-- Failed messages (past their last attempt) are listed for administrators.
CREATE INDEX outbox_failed ON outbox (attempts, sent_at);
