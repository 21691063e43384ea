-- Flags on a case (app::casework::flags): set from the referral's answers
-- when it arrives (added_by NULL) or added by a caseworker; removing one
-- keeps it, with who removed it and when.
CREATE TABLE case_flag (
    id TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referral (id),
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    added_by TEXT,
    removed_at BIGINT,
    removed_by TEXT
);
CREATE INDEX case_flag_referral ON case_flag (referral_id, added_at);
-- The queue's flag filter: the cases that carry a kind of flag now.
CREATE INDEX case_flag_current ON case_flag (kind, referral_id) WHERE removed_at IS NULL;
-- A case carries each kind at most once at a time (any number of "other").
CREATE UNIQUE INDEX case_flag_once ON case_flag (referral_id, kind)
  WHERE removed_at IS NULL AND kind <> 'other';
-- Whether the answers' flags were set: cases received before this migration
-- get theirs when the server starts (records::set_missing_flags).
ALTER TABLE referral ADD COLUMN flags_set INTEGER NOT NULL DEFAULT 0;
CREATE INDEX referral_flags_unset ON referral (id) WHERE flags_set = 0;
