-- The key a responder's browser keeps its offline copy of a draft under
-- (32 random bytes, hex). It lives only in the session's row, so it goes
-- when the session ends: sign-out, absolute expiry, a sign-in elsewhere.
ALTER TABLE user_session ADD COLUMN offline_key TEXT;
