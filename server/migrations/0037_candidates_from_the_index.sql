-- A case's possible duplicates (cases::lists::candidates) are judged from
-- the indexes alone: what the rules need (folded name, date of birth,
-- nationality) and what the read filters on (kind, whether already linked as
-- a duplicate) are held beside the date of birth and the folded name, so
-- that the many cases sharing a date of birth are not each read from their
-- row (in SQLite, past the answers stored before these columns). Only the
-- few kept as candidates are then read for what the page shows.
DROP INDEX referral_pv_dob;
CREATE INDEX referral_pv_dob ON referral (pv_dob, received_at, kind, duplicate_of, pv_name_key, nationality, id);
DROP INDEX referral_pv_name_key;
CREATE INDEX referral_pv_name_key ON referral (pv_name_key, pv_dob, received_at, kind, duplicate_of, nationality, id);
