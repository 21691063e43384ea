-- Links between cases (app::casework::links), each pair once: low_id is the
-- lower of the two referral ids. Removing a link keeps it, with who removed
-- it, when and why.
CREATE TABLE case_link (
    id TEXT PRIMARY KEY,
    low_id TEXT NOT NULL REFERENCES referral (id),
    high_id TEXT NOT NULL REFERENCES referral (id),
    kind TEXT NOT NULL,
    reasons TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    added_by TEXT NOT NULL,
    removed_at BIGINT,
    removed_by TEXT,
    removed_reasons TEXT
);
CREATE INDEX case_link_low ON case_link (low_id, added_at);
CREATE INDEX case_link_high ON case_link (high_id, added_at);
-- Two cases are linked at most once at a time.
CREATE UNIQUE INDEX case_link_once ON case_link (low_id, high_id) WHERE removed_at IS NULL;
-- The duplicate links made before there were links, from the event that made each.
INSERT INTO case_link (id, low_id, high_id, kind, reasons, added_at, added_by)
SELECT 'dup-' || e.id,
       CASE WHEN r.id < o.id THEN r.id ELSE o.id END,
       CASE WHEN r.id < o.id THEN o.id ELSE r.id END,
       'duplicate', e.reasons, e.at, e.actor_email
FROM referral r
JOIN referral o ON o.reference = r.duplicate_of
JOIN case_event e ON e.referral_id = r.id AND e.event = 'LinkAsDuplicate'
WHERE r.duplicate_of IS NOT NULL
ON CONFLICT DO NOTHING;
