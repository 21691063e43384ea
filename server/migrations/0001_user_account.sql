-- People who use the service: first responders, caseworkers and administrators.
-- Written to run unchanged on SQLite and PostgreSQL: times are Unix seconds in
-- BIGINT, identifiers are UUIDs in TEXT.
CREATE TABLE user_account (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('first_responder', 'caseworker', 'senior_caseworker', 'admin')),
    organisation TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);
