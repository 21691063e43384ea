-- The queue and the team's workload read the open task's clock (task_due_on,
-- the date My work shows), not the reasonable grounds date alone: a case
-- waiting on its conclusive grounds decision or a review is overdue by its own
-- task's date. The indexes move to that clock, keeping their shapes: the
-- queue's page keys from the index alone, each holder's open and overdue cases
-- counted from the index alone.
DROP INDEX referral_queue_due;
CREATE INDEX referral_queue_due ON referral (in_queue, task_due_on, received_at, reference, adult_or_child);
DROP INDEX referral_assignee_open;
CREATE INDEX referral_assignee_open ON referral (assignee_email, in_queue, task_due_on)
  WHERE assignee_email IS NOT NULL;
