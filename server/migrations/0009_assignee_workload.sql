-- Each caseworker's open and overdue cases (the queue's assignee filter and the
-- team workload view) are counted from this index alone. Without it SQLite
-- walked every open case once per caseworker: 420 ms per queue page with
-- 1,000,000 cases. It holds assigned cases only: with every unassigned case in
-- it, SQLite's statistics made one assignee look like most of the table and
-- its planner kept walking the open cases instead. It also serves every
-- look-up by assignee, which the index it replaces did.
CREATE INDEX referral_assignee_open ON referral (assignee_email, in_queue, state, rg_due_on)
  WHERE assignee_email IS NOT NULL;
DROP INDEX referral_assignee;
