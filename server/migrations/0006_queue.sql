-- The queue holds open NRM cases (app::casework::lifecycle::State::is_open as
-- of this migration). A flag kept with the state lets an index serve the
-- queue's orders without reading closed cases.
ALTER TABLE referral ADD COLUMN in_queue INTEGER NOT NULL DEFAULT 0;
UPDATE referral SET in_queue = 1
 WHERE kind = 'NRM'
   AND state NOT IN ('RgNegative', 'CgNegative', 'CgPositive', 'Withdrawn', 'Duplicate');
-- Covering indexes for the two orders (the page's keys are read from the
-- index alone, then 25 rows are fetched).
CREATE INDEX referral_queue_due ON referral (in_queue, rg_due_on, received_at, reference, adult_or_child);
CREATE INDEX referral_queue_received ON referral (in_queue, received_at, reference, adult_or_child);

-- How many NRM cases are in each state, by adult or child: the queue's counts
-- per filter, kept with every change instead of counted per request.
CREATE TABLE case_tally (
    state TEXT NOT NULL,
    adult_or_child TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (state, adult_or_child)
);
INSERT INTO case_tally (state, adult_or_child, n)
SELECT state, adult_or_child, COUNT(*) FROM referral WHERE kind = 'NRM' GROUP BY state, adult_or_child;
