-- The audit log: who (account and role) did what (action and target), when
-- and from where (client address, request id), for every read of a case file
-- and every change. Append-only: the server installs triggers that refuse
-- UPDATE and DELETE (their syntax differs between SQLite and PostgreSQL, so
-- `platform::db` installs them at start, after these migrations).
--
-- Each row's `hash` is the SHA-256 of the previous row's hash and its own
-- content, so a row changed behind the service's back breaks the chain from
-- there on (`server audit verify` names the first such row). `audit_head`
-- holds the newest row's number and hash: taking it in a transaction makes
-- writers of the log wait for one another, so the chain has no forks.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  client TEXT NOT NULL,
  request_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The last walk of the chain: when, how many rows, and the first broken row.
CREATE TABLE audit_verification (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  rows_checked BIGINT NOT NULL,
  broken_seq BIGINT
);
