-- Restricted cases (app::casework::restriction): who restricted a case, when
-- and why; the caseworkers who may open it; and requests for access, each
-- granted or refused by a senior caseworker.
ALTER TABLE referral ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
CREATE TABLE case_restriction (
    referral_id TEXT PRIMARY KEY REFERENCES referral (id),
    restricted_by TEXT NOT NULL,
    restricted_at BIGINT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE case_access (
    referral_id TEXT NOT NULL REFERENCES referral (id),
    email TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (referral_id, email)
);
CREATE TABLE access_request (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referral (id),
    email TEXT NOT NULL,
    reason TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    decision TEXT,
    decided_by TEXT,
    decided_at BIGINT
);
CREATE INDEX access_request_case ON access_request (referral_id, asked_at);
-- One open request per person and case.
CREATE UNIQUE INDEX access_request_open ON access_request (referral_id, email) WHERE decision IS NULL;
