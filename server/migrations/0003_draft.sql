-- Unsent referrals, saved step by step. Answers are a JSON object (field name
-- to value) and the completed steps a JSON array of step slugs, in order.
CREATE TABLE draft (
    id TEXT PRIMARY KEY,
    owner_email TEXT NOT NULL,
    organisation TEXT NOT NULL,
    label TEXT NOT NULL,
    answers TEXT NOT NULL,
    completed_steps TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    reminder_sent_at BIGINT
);
CREATE INDEX draft_owner ON draft (owner_email, updated_at);
CREATE INDEX draft_expires_at ON draft (expires_at);
