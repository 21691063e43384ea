-- A case's possible duplicates by name are only those whose date of birth
-- is not known (or all of a name when this case's is not): the same date of
-- birth is read by date (cases::lists::candidates). With the date of birth
-- after the name, the cases without one are found straight from the index,
-- not among the newest 200 holders of a common name, and not read row by row.
DROP INDEX referral_pv_name_key;
CREATE INDEX referral_pv_name_key ON referral (pv_name_key, pv_dob, received_at);
