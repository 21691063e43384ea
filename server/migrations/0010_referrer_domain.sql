-- A first responder sees the referrals their organisation has sent, and an
-- organisation is its email domain. Matching `LOWER(referrer_email) LIKE
-- '%@domain'` read every referral; the domain now has its own column and
-- index. The server fills it in for older rows when it starts (the two
-- databases share no function that finds the '@').
ALTER TABLE referral ADD COLUMN referrer_domain TEXT;
CREATE INDEX referral_referrer_domain ON referral (referrer_domain, received_at);
