//! The outbox: email is written to a table in the same transaction as the
//! change that causes it, and a background worker sends it, with retries.
//! The `outbox` table is this module's.

use sqlx::{Any, Transaction};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::platform::mail::{Email, Mailer};

/// A message is given up after this many failed attempts.
pub const MAX_ATTEMPTS: i64 = 8;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_secs(15);

/// Adds a message inside the caller's transaction.
pub async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<String, DbError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO outbox (id, recipient, subject, body, created_at, attempts, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6)",
    )
    .bind(&id)
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A message waiting to be sent.
#[derive(sqlx::FromRow)]
struct DueRow {
    id: String,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
    next_attempt_at: i64,
}

/// Sends every message that is due; returns how many were sent.
pub async fn send_due(db: &Db, mailer: &Mailer, now: i64) -> Result<usize, DbError> {
    let due = sqlx::query_as::<_, DueRow>(
        "SELECT id, recipient, subject, body, attempts, next_attempt_at FROM outbox \
         WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 \
         ORDER BY next_attempt_at LIMIT 50",
    )
    .bind(MAX_ATTEMPTS)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for row in due {
        let DueRow {
            id,
            recipient,
            subject,
            body,
            attempts,
            next_attempt_at: due_at,
        } = row;
        // Claim the message: only one worker wins, on either database.
        let lease = now + 300;
        let claimed = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1 \
             WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL",
        )
        .bind(lease)
        .bind(&id)
        .bind(due_at)
        .execute(db.pool())
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let email = Email {
            id: id.clone(),
            to: recipient,
            subject,
            body,
        };
        match mailer.send(&email).await {
            Ok(()) => {
                // The body may hold a sign-in link: do not keep it once sent.
                sqlx::query(
                    "UPDATE outbox SET sent_at = $1, body = '', attempts = $2, last_error = NULL \
                     WHERE id = $3",
                )
                .bind(now_seconds())
                .bind(attempts + 1)
                .bind(&id)
                .execute(db.pool())
                .await?;
                sent += 1;
            }
            Err(error) => {
                let attempts = attempts + 1;
                let retry_at = now + backoff_seconds(attempts);
                tracing::warn!(%error, message = %id, attempts, "email not sent; will retry");
                sqlx::query(
                    "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 \
                     WHERE id = $4",
                )
                .bind(attempts)
                .bind(retry_at)
                .bind(error.to_string())
                .bind(&id)
                .execute(db.pool())
                .await?;
            }
        }
    }
    Ok(sent)
}

/// 30 s, 1 min, 2 min, … capped at an hour.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 8) - 1;
    (30_i64 << exponent).min(3600)
}

/// Runs for the life of the process: sends due mail whenever woken, and every few seconds.
pub fn spawn_worker(db: Db, mailer: Mailer, wake: Arc<Notify>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(error) = send_due(&db, &mailer, now_seconds()).await {
                tracing::error!(%error, "outbox worker");
            }
            tokio::select! {
                () = wake.notified() => {},
                () = tokio::time::sleep(POLL) => {},
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_seconds(1), 30);
        assert_eq!(backoff_seconds(2), 60);
        assert_eq!(backoff_seconds(3), 120);
        assert_eq!(backoff_seconds(8), 3600);
        assert_eq!(backoff_seconds(50), 3600);
    }
}
