//! Background work: the outbox worker and the scheduled jobs ([`Scheduled`]:
//! the clean-up that applies the retention schedule, and the daily
//! reconciliation of evidence files). Every server process runs them all; the
//! outbox claims each message for one worker, and a scheduled job runs once
//! per period in whichever process claims the period first (the `job_run`
//! table, this module's).

use app::audit::AuditAction;
use std::time::Duration;
use tokio::task::JoinHandle;

use crate::evidence;

use crate::journey::reminders;
use crate::platform::audit;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::platform::mail::Mailer;
use crate::platform::outbox;
use crate::retention;
use crate::web::context::AppState;

/// The scheduled clean-up, as `job_run` names it.
pub const CLEAN_UP: &str = "clean-up";
/// The daily comparison of evidence files with their rows.
pub const RECONCILE_FILES: &str = "reconcile-files";

/// Work done on a timetable, once per period across every server process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheduled {
    /// Expired links, sessions, drafts and the rest of the retention schedule.
    CleanUp,
    /// Files without rows removed, rows without files reported.
    ReconcileFiles,
}

impl Scheduled {
    pub const ALL: [Scheduled; 2] = [Scheduled::CleanUp, Scheduled::ReconcileFiles];

    /// Its name in `job_run` and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Scheduled::CleanUp => CLEAN_UP,
            Scheduled::ReconcileFiles => RECONCILE_FILES,
        }
    }

    /// How often it runs, in seconds.
    pub fn every(self, state: &AppState) -> i64 {
        match self {
            Scheduled::CleanUp => state.config.clean_up_seconds,
            Scheduled::ReconcileFiles => state.config.reconcile_seconds,
        }
    }

    /// Does the work; what it did, in a line for the audit log.
    pub async fn run(self, state: &AppState) -> String {
        match self {
            Scheduled::CleanUp => clean_up(state).await,
            Scheduled::ReconcileFiles => {
                let now = now_seconds();
                match evidence::reconcile::reconcile(&state.db, state.files.as_ref(), now).await {
                    Ok(found) => {
                        let summary = found.summary();
                        if found.missing.is_empty() {
                            tracing::info!(%summary, "evidence files reconciled");
                        } else {
                            tracing::error!(%summary, "evidence files reconciled: some are missing");
                        }
                        summary
                    }
                    Err(error) => {
                        tracing::error!(%error, "evidence files: reconciliation failed");
                        format!("failed: {error}")
                    }
                }
            }
        }
    }
}

/// Starts every background job; they stop when the returned handles are aborted.
pub fn spawn(state: AppState, mailer: Mailer) -> Vec<JoinHandle<()>> {
    let mut handles = vec![outbox::spawn_worker(
        state.db.clone(),
        mailer,
        state.mail_wake.clone(),
    )];
    for job in Scheduled::ALL {
        let state = state.clone();
        handles.push(tokio::spawn(async move {
            let every = job.every(&state);
            loop {
                let now = now_seconds();
                match claim_period(&state.db, job.name(), now / every, now).await {
                    Ok(true) => {
                        let outcome = job.run(&state).await;
                        record_run(&state.db, job.name(), now / every, &outcome, now).await;
                    }
                    Ok(false) => tracing::debug!(job = job.name(), "already run this period"),
                    Err(error) => tracing::error!(%error, job = job.name(), "claiming the period"),
                }
                // Wake at the start of the next period.
                let wait = every - now_seconds().rem_euclid(every);
                tokio::time::sleep(Duration::from_secs(wait.unsigned_abs().max(1))).await;
            }
        }));
    }
    handles
}

/// Claims period `period` of `job` for this process: true for exactly one of
/// the processes that ask, on either database (the insert of the key wins).
pub async fn claim_period(db: &Db, job: &str, period: i64, now: i64) -> Result<bool, DbError> {
    let inserted = sqlx::query(
        "INSERT INTO job_run (job, period, started_at) VALUES ($1, $2, $3) \
         ON CONFLICT (job, period) DO NOTHING",
    )
    .bind(job)
    .bind(period)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Puts a scheduled run on record in the audit log, as the service's own act.
async fn record_run(db: &Db, job: &str, period: i64, outcome: &str, now: i64) {
    let detail = format!("{job}, period {period}: {outcome}");
    let actor = audit::Actor::service();
    let origin = audit::Origin::default();
    let entry = audit::Entry {
        actor: &actor,
        action: AuditAction::ScheduledJobRun,
        target: audit::Target::Job(job),
        detail: &detail,
        origin: &origin,
        at: now,
    };
    if let Err(error) = audit::record_alone(db, &entry).await {
        tracing::error!(%error, job, "could not put a scheduled run on record");
    }
}

/// How many periods of `job` have been run (for the several-servers test).
pub async fn runs_of(db: &Db, job: &str) -> Result<Vec<i64>, DbError> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT period FROM job_run WHERE job = $1 ORDER BY period")
            .bind(job)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(period,)| period).collect())
}

/// Applies the retention schedule ([`app::retention::SCHEDULE`]): each
/// rule's record is handed to the module that owns it. Failures are logged and
/// the next period tries again. Returns what each rule removed, for the audit log.
pub async fn clean_up(state: &AppState) -> String {
    let mut done = Vec::new();
    for rule in app::retention::SCHEDULE {
        match retention::apply(state, rule).await {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(record = rule.what, n, "retention schedule applied");
                done.push(format!("{}: {n}", rule.what));
            }
            Err(error) => {
                tracing::error!(%error, record = rule.what, "retention schedule");
                done.push(format!("{}: failed", rule.what));
            }
        }
    }
    evidence::delete_orphaned_files(state).await;
    let now = now_seconds();
    match reminders::queue_due(&state.db, &state.config.public_url, now).await {
        Ok(n) if n > 0 => {
            tracing::info!(queued = n, "draft expiry reminders queued");
            state.mail_wake.notify_one();
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "draft expiry reminders"),
    }
    if done.is_empty() {
        "nothing due".to_owned()
    } else {
        done.join("; ")
    }
}
