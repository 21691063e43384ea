//! The `case_share` table: a referral its referrer shared with a colleague at
//! the same organisation. A share is withdrawn, never deleted, so the SCA can
//! see who could see a case and when. Addresses are kept in lower case.

use app::audit::AuditAction;
use app::casework::lifecycle::Role;

use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::db::{Conn, Db, DbError};

/// One share of one referral.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Share {
    pub shared_with: String,
    pub shared_by: String,
    pub shared_at: i64,
    pub withdrawn_at: Option<i64>,
}

/// Who shares or withdraws, from where, and which referral (id and reference).
pub struct ShareChange<'a> {
    pub referral_id: &'a str,
    pub reference: &'a str,
    pub with: &'a str,
    pub by: &'a str,
    pub origin: &'a Origin,
    pub now: i64,
}

impl ShareChange<'_> {
    fn audit_entry<'a>(&'a self, actor: &'a audit::Actor, action: AuditAction) -> Entry<'a> {
        Entry {
            actor,
            action,
            target: Target::Case(self.reference),
            detail: self.with,
            origin: self.origin,
            at: self.now,
        }
    }
}

/// Shares a referral with `with` (again, if a share was withdrawn).
pub async fn share(db: &Db, change: &ShareChange<'_>) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO case_share (referral_id, shared_with, shared_by, shared_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (referral_id, shared_with) DO UPDATE SET \
         shared_by = excluded.shared_by, shared_at = excluded.shared_at, withdrawn_at = NULL \
         WHERE case_share.withdrawn_at IS NOT NULL",
    )
    .bind(change.referral_id)
    .bind(change.with.trim().to_lowercase())
    .bind(change.by.trim().to_lowercase())
    .bind(change.now)
    .execute(&mut *tx)
    .await?;
    let actor = audit::Actor::new(change.by, Role::FirstResponder.as_str());
    audit::record(
        &mut tx,
        &change.audit_entry(&actor, AuditAction::CaseShared),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a live share; false when there was none.
pub async fn withdraw(db: &Db, change: &ShareChange<'_>) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let result = sqlx::query(
        "UPDATE case_share SET withdrawn_at = $1 \
         WHERE referral_id = $2 AND shared_with = $3 AND withdrawn_at IS NULL",
    )
    .bind(change.now)
    .bind(change.referral_id)
    .bind(change.with.trim().to_lowercase())
    .execute(&mut *tx)
    .await?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    let actor = audit::Actor::new(change.by, Role::FirstResponder.as_str());
    audit::record(
        &mut tx,
        &change.audit_entry(&actor, AuditAction::ShareWithdrawn),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Every share of a referral, withdrawn ones too, oldest first.
pub async fn of_referral(db: &Db, referral_id: &str) -> Result<Vec<Share>, DbError> {
    Ok(sqlx::query_as(
        "SELECT shared_with, shared_by, shared_at, withdrawn_at FROM case_share \
         WHERE referral_id = $1 ORDER BY shared_at, shared_with",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?)
}

/// The referrals shared with `email` now.
pub async fn shared_with(db: &Db, email: &str) -> Result<Vec<String>, DbError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT referral_id FROM case_share WHERE shared_with = $1 AND withdrawn_at IS NULL \
         ORDER BY shared_at DESC LIMIT 200",
    )
    .bind(email.trim().to_lowercase())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Whether a referral is shared with `email` now.
pub async fn is_shared_with(db: &Db, referral_id: &str, email: &str) -> Result<bool, DbError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 AS found FROM case_share WHERE referral_id = $1 AND shared_with = $2 \
         AND withdrawn_at IS NULL",
    )
    .bind(referral_id)
    .bind(email.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.is_some())
}

/// Retention: withdraws every live share of a case inside the caller's
/// transaction (nobody outside the SCA reads it any more).
pub async fn withdraw_all(conn: &mut Conn, referral_id: &str, now: i64) -> Result<u64, DbError> {
    let done = sqlx::query(
        "UPDATE case_share SET withdrawn_at = $1 WHERE referral_id = $2 AND withdrawn_at IS NULL",
    )
    .bind(now)
    .bind(referral_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
