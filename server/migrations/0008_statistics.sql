-- What the statistics group by, kept with each referral when it arrives
-- (app::casework::statistics): gender as answered, exploitation types
-- (comma-joined), the kind of referring organisation.
ALTER TABLE referral ADD COLUMN pv_gender TEXT NOT NULL DEFAULT '';
ALTER TABLE referral ADD COLUMN exploitation TEXT NOT NULL DEFAULT '';
ALTER TABLE referral ADD COLUMN organisation_type TEXT NOT NULL DEFAULT '';
CREATE INDEX referral_kind_received ON referral (kind, received_at);
