-- A case's possible duplicates are read newest first by date of birth and by
-- folded name, each from its own index (cases::lists::candidates).
DROP INDEX referral_pv_dob;
DROP INDEX referral_pv_name_key;
CREATE INDEX referral_pv_dob ON referral (pv_dob, received_at);
CREATE INDEX referral_pv_name_key ON referral (pv_name_key, received_at);
-- How many referrals of each kind were received (the Duty to Notify
-- register's count), kept with every referral received (cases::counts).
CREATE TABLE kind_tally (
    kind TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO kind_tally (kind, n) SELECT kind, COUNT(*) FROM referral GROUP BY kind;
