-- Every member of staff has a second factor: a TOTP secret (RFC 6238) their
-- authenticator app holds too, set up at their first sign-in. `confirmed_at`
-- is empty until a code from the app proved it was added; `last_step` is the
-- newest 30-second step whose code was accepted, so no code counts twice.
-- An administrator's reset empties the secret and keeps who reset it, and when.
CREATE TABLE staff_second_factor (
  email TEXT PRIMARY KEY,
  secret TEXT,
  confirmed_at BIGINT,
  last_step BIGINT,
  reset_at BIGINT,
  reset_by TEXT
);

-- Ten single-use recovery codes per person, stored as SHA-256 hashes (each
-- code carries 79 random bits), issued when the second factor is confirmed.
CREATE TABLE recovery_code (
  email TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (email, code_hash)
);

-- A staff session is first only half open: the password was right and the
-- second factor is still due. Only the second-factor pages and signing out
-- take it; passing the step starts a new session with a new id.
ALTER TABLE user_session ADD COLUMN second_factor_due INTEGER NOT NULL DEFAULT 0;
-- The browser a session was started in (its User-Agent, cut short), so that
-- a person can tell their sessions apart and end the ones they do not know.
ALTER TABLE user_session ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
