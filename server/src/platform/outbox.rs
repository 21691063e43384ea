//! The outbox: email is written to a table in the same transaction as the
//! change that causes it, and a background worker sends it, with retries.
//! The `outbox` table is this module's.

use sqlx::{Any, Transaction};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

use crate::platform::clock::now_seconds;
use crate::platform::db::{Conn, Db, DbError, DbKind};
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
}

/// Messages sent in one go before the worker looks again.
const BATCH: usize = 50;
/// How long a worker on SQLite holds a message it is sending.
const LEASE_SECONDS: i64 = 300;

/// Sends every message that is due (at most a batch); returns how many were sent.
///
/// Several server processes may run this at once on one PostgreSQL database:
/// each message is taken with `FOR UPDATE SKIP LOCKED` and settled in the same
/// transaction, so two workers never send it both, and a worker that dies
/// mid-send lets it go at once. On SQLite (one process per file) a message is
/// claimed with a conditional update that only one worker can win.
pub async fn send_due(db: &Db, mailer: &Mailer, now: i64) -> Result<usize, DbError> {
    let mut sent = 0;
    for _ in 0..BATCH {
        let outcome = match db.kind() {
            DbKind::Postgres => send_one_locked(db, mailer, now).await?,
            DbKind::Sqlite => send_one_leased(db, mailer, now).await?,
        };
        match outcome {
            None => break,
            Some(true) => sent += 1,
            Some(false) => {}
        }
    }
    Ok(sent)
}

const DUE: &str = "SELECT id, recipient, subject, body, attempts FROM outbox \
     WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 \
     AND (claimed_until IS NULL OR claimed_until < $2) \
     ORDER BY next_attempt_at LIMIT 1";

/// PostgreSQL: the row stays locked while it is sent and settled.
async fn send_one_locked(db: &Db, mailer: &Mailer, now: i64) -> Result<Option<bool>, DbError> {
    let mut tx = db.pool().begin().await?;
    let row =
        sqlx::query_as::<_, DueRow>(sqlx::AssertSqlSafe(format!("{DUE} FOR UPDATE SKIP LOCKED")))
            .bind(MAX_ATTEMPTS)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let sent = send_and_settle(&mut tx, mailer, row, now).await?;
    tx.commit().await?;
    Ok(Some(sent))
}

/// SQLite: claimed for a while by a conditional update, then sent and settled.
async fn send_one_leased(db: &Db, mailer: &Mailer, now: i64) -> Result<Option<bool>, DbError> {
    loop {
        let row = sqlx::query_as::<_, DueRow>(DUE)
            .bind(MAX_ATTEMPTS)
            .bind(now)
            .fetch_optional(db.pool())
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let claimed = sqlx::query(
            "UPDATE outbox SET claimed_until = $1 \
             WHERE id = $2 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3)",
        )
        .bind(now + LEASE_SECONDS)
        .bind(&row.id)
        .bind(now)
        .execute(db.pool())
        .await?;
        if claimed.rows_affected() == 1 {
            let mut conn = db.pool().acquire().await?;
            return Ok(Some(send_and_settle(&mut conn, mailer, row, now).await?));
        }
    }
}

/// Hands the message to the mailer and writes down what happened: sent (its
/// body, which may hold a sign-in link, is blanked) or failed (retried later).
async fn send_and_settle(
    conn: &mut Conn,
    mailer: &Mailer,
    row: DueRow,
    now: i64,
) -> Result<bool, DbError> {
    let DueRow {
        id,
        recipient,
        subject,
        body,
        attempts,
    } = row;
    let email = Email {
        id,
        to: recipient,
        subject,
        body,
    };
    let attempts = attempts + 1;
    match mailer.send(&email).await {
        Ok(()) => {
            sqlx::query(
                "UPDATE outbox SET sent_at = $1, recipient = '', subject = '', body = '', \
                 attempts = $2, last_error = NULL, claimed_until = NULL WHERE id = $3",
            )
            .bind(now_seconds())
            .bind(attempts)
            .bind(&email.id)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        }
        Err(error) => {
            let retry_at = now + backoff_seconds(attempts);
            if attempts >= MAX_ATTEMPTS {
                tracing::error!(%error, message = %email.id, attempts, "email not sent; given up, listed for administrators");
            } else {
                tracing::warn!(%error, message = %email.id, attempts, "email not sent; will retry");
            }
            sqlx::query(
                "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, \
                 claimed_until = NULL WHERE id = $4",
            )
            .bind(attempts)
            .bind(retry_at)
            .bind(error.to_string())
            .bind(&email.id)
            .execute(&mut *conn)
            .await?;
            Ok(false)
        }
    }
}

/// On SQLite only one server process uses the file, so a claim still held at
/// start was made by a process that stopped mid-send: let it go now rather
/// than when the lease runs out. (On PostgreSQL the row lock went with it.)
pub async fn release_stale_claims(db: &Db) -> Result<u64, DbError> {
    if db.kind() != DbKind::Sqlite {
        return Ok(0);
    }
    let released = sqlx::query(
        "UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL AND sent_at IS NULL",
    )
    .execute(db.pool())
    .await?;
    Ok(released.rows_affected())
}

/// A message past its last attempt, as administrators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FailedMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Messages the worker has given up on, the oldest first (at most `limit`).
pub async fn failed(db: &Db, limit: i64) -> Result<Vec<FailedMessage>, DbError> {
    Ok(sqlx::query_as::<_, FailedMessage>(
        "SELECT id, recipient, subject, created_at, attempts, last_error FROM outbox \
         WHERE sent_at IS NULL AND attempts >= $1 ORDER BY created_at, id LIMIT $2",
    )
    .bind(MAX_ATTEMPTS)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// How many messages the worker has given up on (the health check reports it).
pub async fn failed_count(db: &Db) -> Result<i64, DbError> {
    use sqlx::Row;
    let row =
        sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND attempts >= $1")
            .bind(MAX_ATTEMPTS)
            .fetch_one(db.pool())
            .await?;
    Ok(row.try_get("n")?)
}

/// Puts a given-up message back in the queue with its attempts counted from
/// nought, inside the caller's transaction (beside its audit record). False
/// when it is not a failed message (sent meanwhile, or retried by someone else).
pub async fn retry(conn: &mut Conn, id: &str, now: i64) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE outbox SET attempts = 0, next_attempt_at = $1, claimed_until = NULL \
         WHERE id = $2 AND sent_at IS NULL AND attempts >= $3",
    )
    .bind(now)
    .bind(id)
    .bind(MAX_ATTEMPTS)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Retention: deletes messages sent before `cutoff` (their recipient,
/// subject and body were blanked when they were sent).
pub async fn delete_sent_before(db: &Db, cutoff: i64) -> Result<u64, DbError> {
    let done = sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
        .bind(cutoff)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// Retention: deletes messages given up on whose last attempt was before
/// `cutoff` (the last attempt set `next_attempt_at` a back-off later, at most
/// an hour, so that hour is added back).
pub async fn delete_failed_before(db: &Db, cutoff: i64) -> Result<u64, DbError> {
    let done = sqlx::query(
        "DELETE FROM outbox WHERE sent_at IS NULL AND attempts >= $1 AND next_attempt_at < $2",
    )
    .bind(MAX_ATTEMPTS)
    .bind(cutoff + 3600)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// 30 s, 1 min, 2 min, … capped at an hour.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 8) - 1;
    (30_i64 << exponent).min(3600)
}

/// Runs for the life of the process: sends due mail whenever woken, and every few seconds.
pub fn spawn_worker(db: Db, mailer: Mailer, wake: Arc<Notify>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        match release_stale_claims(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                released = n,
                "messages claimed before a stop are queued again"
            ),
            Err(error) => tracing::error!(%error, "outbox: releasing claims"),
        }
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
