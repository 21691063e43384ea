-- A case's open task (app::casework::tasks): what is to be done next, its
-- clock and its priority. Its holder is the case's caseworker
-- (assignee_email). NULL task_kind: the case has no open task (it is closed).
-- Cases received before this migration get their task when the server starts
-- (cases::tasks::open_missing), which computes the working-day clocks.
ALTER TABLE referral ADD COLUMN task_kind TEXT;
ALTER TABLE referral ADD COLUMN task_due_on TEXT;
ALTER TABLE referral ADD COLUMN task_not_before TEXT;
ALTER TABLE referral ADD COLUMN task_priority INTEGER NOT NULL DEFAULT 0;
-- My work: one person's tasks, most urgent first, read from the index alone.
CREATE INDEX referral_my_work ON referral (assignee_email, task_priority DESC, task_due_on, reference)
  WHERE task_kind IS NOT NULL AND assignee_email IS NOT NULL;
-- Available work: tasks nobody holds, most urgent first.
CREATE INDEX referral_available_work ON referral (task_priority DESC, task_due_on, reference, task_kind)
  WHERE task_kind IS NOT NULL AND assignee_email IS NULL;
