-- The retention schedule (app::retention): when a case closed (reached a
-- final state; a Duty to Notify report at its receipt) and when its personal
-- details were removed. A case opened again (reconsideration) is open again.
ALTER TABLE referral ADD COLUMN closed_at BIGINT;
ALTER TABLE referral ADD COLUMN redacted_at BIGINT;
UPDATE referral SET closed_at = COALESCE(
    (SELECT MAX(e.at) FROM case_event e WHERE e.referral_id = referral.id), received_at)
 WHERE in_queue = 0;
CREATE INDEX referral_retention ON referral (redacted_at, closed_at);
