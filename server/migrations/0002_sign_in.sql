-- Single-use sign-in links. Only a SHA-256 hash of each token is kept, so a
-- copy of the database cannot be used to sign in.
CREATE TABLE sign_in_token (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    organisation TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX sign_in_token_expires_at ON sign_in_token (expires_at);

-- Signed-in sessions, found by a hash of the cookie's value.
CREATE TABLE user_session (
    id_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    organisation TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX user_session_expires_at ON user_session (expires_at);

-- Outgoing email. A message is written here in the same transaction as the
-- change that causes it, and a background worker sends it, retrying on failure.
-- Once sent, its body is blanked: it may carry a sign-in link.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
