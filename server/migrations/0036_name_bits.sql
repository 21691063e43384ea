-- A case's name words as bits (app::casework::person_search::name_bits), so
-- that the queue, searched by a common name and read in its own order,
-- passes over the cases whose bits lack a searched word's from the index
-- alone, looking up the terms only of those that have them. A case received
-- before this holds every bit (NAME_BITS_UNKNOWN), so that every search
-- checks its terms, until the server works out its bits at start
-- (casework::person_search::fill_name_bits).
ALTER TABLE referral ADD COLUMN name_bits BIGINT NOT NULL DEFAULT 9223372036854775807;
CREATE INDEX referral_name_bits_unknown ON referral (id) WHERE name_bits = 9223372036854775807;
DROP INDEX referral_queue_due;
CREATE INDEX referral_queue_due ON referral (in_queue, task_due_on, received_at, reference, adult_or_child, id, name_bits);
DROP INDEX referral_queue_received;
CREATE INDEX referral_queue_received ON referral (in_queue, received_at, reference, adult_or_child, id, name_bits);
