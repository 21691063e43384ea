-- Scheduled work runs once per period however many server processes share
-- the database: the process whose insert of (job, period) succeeds runs it.
CREATE TABLE job_run (
    job TEXT NOT NULL,
    period BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    PRIMARY KEY (job, period)
);
