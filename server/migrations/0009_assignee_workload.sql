-- Each caseworker's open and overdue cases (the queue's assignee filter and the
-- team workload view) are counted from this index alone. Without it SQLite
-- walked every open case once per caseworker: 420 ms per queue page with
-- 1,000,000 cases. It also serves every look-up by assignee, which the index
-- it replaces did.
CREATE INDEX referral_assignee_open ON referral (assignee_email, in_queue, state, rg_due_on);
DROP INDEX referral_assignee;
