-- Decision letters written for a case: by email (also queued in the outbox)
-- or by post (printed by the SCA). Only routes marked safe are ever written.
CREATE TABLE case_letter (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referral (id),
    at BIGINT NOT NULL,
    decision TEXT NOT NULL,
    recipient TEXT NOT NULL,
    route TEXT NOT NULL,
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX case_letter_referral ON case_letter (referral_id, at);

-- Internal notes: staff only, never shown to first responders.
CREATE TABLE case_note (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referral (id),
    at BIGINT NOT NULL,
    author_email TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX case_note_referral ON case_note (referral_id, at);

-- Duplicates: the case this one was linked to, and the keys candidates are
-- found by (date of birth as an ISO date; the name folded by
-- app::casework::duplicates::name_key, which rows written earlier only
-- approximate by their lower-case name).
ALTER TABLE referral ADD COLUMN duplicate_of TEXT;
ALTER TABLE referral ADD COLUMN pv_dob TEXT NOT NULL DEFAULT '';
ALTER TABLE referral ADD COLUMN pv_name_key TEXT NOT NULL DEFAULT '';
UPDATE referral SET pv_name_key = LOWER(TRIM(pv_name));
CREATE INDEX referral_pv_dob ON referral (pv_dob);
CREATE INDEX referral_pv_name_key ON referral (pv_name_key);
