-- The queue's indexes hold each case's id too, so that a search by a common
-- name, checked case by case along the queue's order (cases::lists), finds
-- each case's terms from the index alone instead of reading its row first.
DROP INDEX referral_queue_due;
CREATE INDEX referral_queue_due ON referral (in_queue, task_due_on, received_at, reference, adult_or_child, id);
DROP INDEX referral_queue_received;
CREATE INDEX referral_queue_received ON referral (in_queue, received_at, reference, adult_or_child, id);
