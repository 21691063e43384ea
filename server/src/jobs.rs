//! Background work: the outbox worker and the scheduled clean-up of expired
//! records. Every server process runs both; the outbox claims each message
//! for one worker, and the clean-up runs once per period in whichever process
//! claims the period first (the `job_run` table, this module's).

use app::audit::AuditAction;
use std::time::Duration;
use tokio::task::JoinHandle;

use crate::evidence;
use crate::identity::sessions;
use crate::identity::sign_in_links;
use crate::journey::drafts;
use crate::journey::reminders;
use crate::platform::audit;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::platform::mail::Mailer;
use crate::platform::outbox;
use crate::web::context::AppState;

/// The scheduled clean-up, as `job_run` names it.
pub const CLEAN_UP: &str = "clean-up";

/// Starts every background job; they stop when the returned handles are aborted.
pub fn spawn(state: AppState, mailer: Mailer) -> Vec<JoinHandle<()>> {
    vec![
        outbox::spawn_worker(state.db.clone(), mailer, state.mail_wake.clone()),
        tokio::spawn(async move {
            let every = state.config.clean_up_seconds;
            loop {
                let now = now_seconds();
                match claim_period(&state.db, CLEAN_UP, now / every, now).await {
                    Ok(true) => {
                        clean_up(&state).await;
                        record_run(&state.db, CLEAN_UP, now / every, now).await;
                    }
                    Ok(false) => tracing::debug!("clean-up already run this period"),
                    Err(error) => tracing::error!(%error, "clean-up: claiming the period"),
                }
                // Wake at the start of the next period.
                let wait = every - now_seconds().rem_euclid(every);
                tokio::time::sleep(Duration::from_secs(wait.unsigned_abs().max(1))).await;
            }
        }),
    ]
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
async fn record_run(db: &Db, job: &str, period: i64, now: i64) {
    let detail = format!("{job}, period {period}");
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

/// Deletes sign-in links and sessions that can no longer be used, expired drafts and old
/// wrong-password counts.
pub async fn clean_up(state: &AppState) {
    let db = &state.db;
    let now = now_seconds();
    match sign_in_links::delete_expired(db, now).await {
        Ok(n) if n > 0 => tracing::info!(deleted = n, "expired sign-in links removed"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "clean-up of sign-in links"),
    }
    match drafts::delete_expired(db, now).await {
        Ok(n) if n > 0 => tracing::info!(deleted = n, "expired drafts removed"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "clean-up of drafts"),
    }
    evidence::delete_orphaned_files(state).await;
    match reminders::queue_due(db, &state.config.public_url, now).await {
        Ok(n) if n > 0 => {
            tracing::info!(queued = n, "draft expiry reminders queued");
            state.mail_wake.notify_one();
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "draft expiry reminders"),
    }
    match sessions::delete_expired(db, now).await {
        Ok(n) if n > 0 => tracing::info!(deleted = n, "expired sessions removed"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "clean-up of sessions"),
    }
    match crate::identity::throttle::forget_old(db, now).await {
        Ok(n) if n > 0 => tracing::info!(deleted = n, "old wrong-password counts forgotten"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "clean-up of wrong-password counts"),
    }
}
