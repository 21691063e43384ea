-- A session's absolute end, however busy it is (STAFF_SESSION_HOURS,
-- RESPONDER_SESSION_HOURS). Sessions from before it have none: they end now.
ALTER TABLE user_session ADD COLUMN ends_at BIGINT NOT NULL DEFAULT 0;
