-- Attempts counted before they are checked, per key: a staff password or a
-- sign-in link, by the address typed and by the client asking (keys are
-- hashes, so neither addresses nor client addresses are stored here).
-- One conditional UPDATE counts an attempt and decides whether it may go
-- on, so parallel attempts cannot slip past together (server/src/identity/throttle.rs).
CREATE TABLE attempt_gate (
  gate_key TEXT PRIMARY KEY,
  attempts BIGINT NOT NULL,
  window_start BIGINT NOT NULL,
  allowed_from BIGINT NOT NULL
);

-- Its counts were made after the check; the gate replaces it.
DROP TABLE staff_sign_in_failure;
