-- Person search (app::casework::person_search): each case's searchable
-- facts as terms, looked up by equality. A search reads the cases of its
-- most telling term newest first and keeps those that hold the others.
CREATE TABLE person_term (
    term TEXT NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referral (id),
    -- The case's receipt, so that a term's cases are read newest first from
    -- the index and a search stops at its page.
    received_at BIGINT NOT NULL,
    PRIMARY KEY (term, referral_id)
);
CREATE INDEX person_term_newest ON person_term (term, received_at, referral_id);
CREATE INDEX person_term_referral ON person_term (referral_id);
-- Whether a case's terms were made: cases received before this migration
-- get theirs when the server starts (cases::intake::derive_missing, which
-- also sets the flags of cases received before 0024).
ALTER TABLE referral ADD COLUMN terms_set INTEGER NOT NULL DEFAULT 0;
CREATE INDEX referral_terms_unset ON referral (id) WHERE terms_set = 0;
