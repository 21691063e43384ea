-- Wrong staff passwords in a row, per email address typed (whether or not an
-- account has it, so the answer never tells which addresses have accounts).
-- Each one after the fifth makes the next attempt wait longer (server/src/throttle.rs).
CREATE TABLE staff_sign_in_failure (
  email TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at BIGINT NOT NULL
);
