-- A first responder sees only the referrals they sent, and those a colleague
-- at their organisation explicitly shared with them: a share is kept when
-- withdrawn (withdrawn_at), so the SCA sees who could see a case, and when.
CREATE TABLE case_share (
  referral_id TEXT NOT NULL REFERENCES referral (id),
  shared_with TEXT NOT NULL,
  shared_by TEXT NOT NULL,
  shared_at BIGINT NOT NULL,
  withdrawn_at BIGINT,
  PRIMARY KEY (referral_id, shared_with)
);
CREATE INDEX case_share_shared_with ON case_share (shared_with, withdrawn_at);

-- A responder's own referrals are found by their address; no list or case is
-- reachable by email domain any more.
CREATE INDEX referral_referrer_email ON referral (LOWER(referrer_email), received_at);
DROP INDEX referral_referrer_domain;
