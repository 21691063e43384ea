-- The report a session is working on (the journey's pages are at /nrm/<step>,
-- with no report id in the address).
ALTER TABLE user_session ADD COLUMN current_draft_id TEXT;

-- Submitted referrals (NRM) and Duty to Notify reports (DTN). A draft can be
-- sent once: draft_id is unique, so a second send finds the first.
CREATE TABLE referral (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    draft_id TEXT NOT NULL UNIQUE,
    received_at BIGINT NOT NULL,
    nation TEXT NOT NULL,
    adult_or_child TEXT NOT NULL,
    adult_or_child_during_exploitation TEXT NOT NULL,
    referrer_email TEXT NOT NULL,
    referrer_organisation TEXT NOT NULL,
    answers TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX referral_referrer ON referral (referrer_email, received_at);
CREATE INDEX referral_received_at ON referral (received_at);

-- The last reference number given, per kind and year (NRM-2026-000123).
CREATE TABLE reference_counter (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Evidence files. The bytes live in the file store under storage_key; the row
-- belongs to a draft until it is sent, then to the referral.
CREATE TABLE evidence_file (
    id TEXT PRIMARY KEY,
    owner_email TEXT NOT NULL,
    draft_id TEXT,
    referral_id TEXT,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX evidence_file_draft ON evidence_file (draft_id);
CREATE INDEX evidence_file_referral ON evidence_file (referral_id);
