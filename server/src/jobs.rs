//! Background work: the outbox worker and the clean-up of expired records.

use std::time::Duration;
use tokio::task::JoinHandle;

use crate::evidence;
use crate::identity::sessions;
use crate::identity::sign_in_links;
use crate::journey::drafts;
use crate::journey::reminders;
use crate::platform::clock::now_seconds;
use crate::platform::mail::Mailer;
use crate::platform::outbox;
use crate::web::context::AppState;

const CLEAN_UP_EVERY: Duration = Duration::from_secs(600);

/// Starts every background job; they stop when the returned handles are aborted.
pub fn spawn(state: AppState, mailer: Mailer) -> Vec<JoinHandle<()>> {
    vec![
        outbox::spawn_worker(state.db.clone(), mailer, state.mail_wake.clone()),
        tokio::spawn(async move {
            loop {
                clean_up(&state).await;
                tokio::time::sleep(CLEAN_UP_EVERY).await;
            }
        }),
    ]
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
