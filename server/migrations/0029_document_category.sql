-- A case's documents by category (app::casework::documents): what the first
-- responder sent ('from-referrer', every file before this migration) and what
-- caseworkers add. A caseworker's document has its referral from the start
-- and no draft; owner_email is who added it.
ALTER TABLE evidence_file ADD COLUMN category TEXT NOT NULL DEFAULT 'from-referrer';
