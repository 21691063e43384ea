//! A case's version (`referral.version`): one more with every change to
//! what the case holds, so that a write made from a page showing an older
//! version is refused rather than made over a change its writer never saw.
//! Lifecycle events check it in their own conditional update
//! (`cases::apply`); notes, flags and links come here.

use crate::platform::db::{Db, DbError};

/// Why a write to a case was not made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The case changed after the writer's page showed it.
    #[error("the case changed after the page showed it")]
    Stale,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        WriteError::Db(error.into())
    }
}

/// Opens a write to the case at the version its writer saw: a transaction
/// in which the change is already counted, or [`WriteError::Stale`] when
/// someone changed the case since (and the caller refuses the write).
pub async fn begin(
    db: &Db,
    referral_id: &str,
    seen: i64,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, WriteError> {
    let mut tx = db.pool().begin().await?;
    let counted =
        sqlx::query("UPDATE referral SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(referral_id)
            .bind(seen)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if counted {
        Ok(tx)
    } else {
        Err(WriteError::Stale)
    }
}

/// A case as a writer saw it: its row id, its reference and its version.
pub type Seen<'a> = (&'a str, &'a str, i64);
