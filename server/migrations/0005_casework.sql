-- Staff sign in with a password (argon2id PHC string); first responders never have one.
ALTER TABLE user_account ADD COLUMN password_hash TEXT;
-- The role a session acts in: NULL for a first responder's emailed-link session.
ALTER TABLE user_session ADD COLUMN staff_role TEXT;

-- Where a case is in its lifecycle (app::casework::lifecycle::State, by name),
-- its reasonable grounds due date (ISO date, working days of its nation) and
-- the facts the lifecycle's guards need.
ALTER TABLE referral ADD COLUMN state TEXT NOT NULL DEFAULT 'Submitted';
ALTER TABLE referral ADD COLUMN rg_due_on TEXT NOT NULL DEFAULT '';
ALTER TABLE referral ADD COLUMN assignee_email TEXT;
ALTER TABLE referral ADD COLUMN recovery_started_on TEXT;
ALTER TABLE referral ADD COLUMN negative_proposed_by TEXT;
ALTER TABLE referral ADD COLUMN nationality TEXT NOT NULL DEFAULT '';
ALTER TABLE referral ADD COLUMN pv_name TEXT NOT NULL DEFAULT '';
CREATE INDEX referral_queue ON referral (state, rg_due_on, received_at);
CREATE INDEX referral_assignee ON referral (assignee_email, state);

-- Every accepted lifecycle event: who, when, from and to, and why.
CREATE TABLE case_event (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referral (id),
    at BIGINT NOT NULL,
    actor_email TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    event TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reasons TEXT NOT NULL
);
CREATE INDEX case_event_referral ON case_event (referral_id, at);
