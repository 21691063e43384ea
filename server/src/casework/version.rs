//! A case's version (`referral.version`): one more with every change to
//! what the case holds, so that a write made from a page showing an older
//! version is refused rather than made over a change its writer never saw.
//! Lifecycle events check it in their own conditional update
//! (`cases::apply`); notes, flags and links come here.

use app::audit::AuditAction;
use app::casework::lifecycle::Actor;

use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::db::{Conn, Db, DbError};

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

/// A change to a case as its writer made it: the case as they saw it, who
/// they are, where they asked from and when.
#[derive(Clone, Copy)]
pub struct CaseWrite<'a> {
    pub case: Seen<'a>,
    pub actor: &'a Actor,
    pub origin: &'a Origin,
    pub at: i64,
}

impl<'a> CaseWrite<'a> {
    /// The case's row id.
    pub fn referral_id(&self) -> &'a str {
        self.case.0
    }

    /// The case's reference.
    pub fn reference(&self) -> &'a str {
        self.case.1
    }

    /// Opens the write: see [`begin`].
    pub async fn begin(
        &self,
        db: &Db,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, WriteError> {
        begin(db, self.case.0, self.case.2).await
    }

    /// The write's audit row on the case: `action`, with `detail`.
    pub async fn record(
        &self,
        conn: &mut Conn,
        action: AuditAction,
        detail: &str,
    ) -> Result<(), DbError> {
        audit::record(
            conn,
            &Entry {
                actor: &audit::Actor::new(&self.actor.id, self.actor.role.as_str()),
                action,
                target: Target::Case(self.case.1),
                detail,
                origin: self.origin,
                at: self.at,
            },
        )
        .await
    }
}
