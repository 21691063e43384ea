//! The `case_link` table: links between cases (`app::casework::links`), each
//! pair stored once and shown on both cases. Every query on it is here.

use app::audit::AuditAction;
use app::casework::lifecycle::Actor;
use app::casework::links::LinkKind;

use crate::casework::version::{CaseWrite, WriteError};
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::db::{Conn, Db, DbError};

/// A link as one of its cases sees it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkRecord {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: LinkKind,
    /// The case at the other end.
    pub other: String,
    pub reasons: String,
    pub added_at: i64,
    pub added_by: String,
    pub removed_at: Option<i64>,
    pub removed_by: Option<String>,
    pub removed_reasons: Option<String>,
}

/// Every link the case has had, oldest first (removed ones included).
pub async fn of_case(db: &Db, referral_id: &str) -> Result<Vec<LinkRecord>, DbError> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.kind, o.reference AS other, l.reasons, l.added_at, l.added_by, \
         l.removed_at, l.removed_by, l.removed_reasons \
         FROM case_link l JOIN referral o \
         ON o.id = CASE WHEN l.low_id = $1 THEN l.high_id ELSE l.low_id END \
         WHERE l.low_id = $1 OR l.high_id = $1 ORDER BY l.added_at, l.id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?)
}

/// Two cases' row ids, the lower first: how a pair is stored once.
fn pair<'a>(one: &'a str, other: &'a str) -> (&'a str, &'a str) {
    if one <= other {
        (one, other)
    } else {
        (other, one)
    }
}

/// The cases a link joins: (row id, reference) of each.
pub type Ends<'a> = ((&'a str, &'a str), (&'a str, &'a str));

/// Links two cases inside the caller's transaction (a duplicate link is
/// part of the event that closes the case); false when they are linked
/// already. Recorded in the audit log on both cases.
pub async fn add_in(
    conn: &mut Conn,
    ((from_id, from_ref), (to_id, to_ref)): Ends<'_>,
    actor: &Actor,
    (kind, reasons): (LinkKind, &str),
    origin: &Origin,
    now: i64,
) -> Result<bool, DbError> {
    let (low, high) = pair(from_id, to_id);
    let added = sqlx::query(
        "INSERT INTO case_link (id, low_id, high_id, kind, reasons, added_at, added_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(low)
    .bind(high)
    .bind(kind.as_str())
    .bind(reasons)
    .bind(now)
    .bind(&actor.id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if added {
        let change = (AuditAction::LinkAdded, kind);
        record(conn, change, (from_ref, to_ref), actor, origin, now).await?;
    }
    Ok(added)
}

/// Links the case (at the version its writer saw) to another; false when
/// they are linked already.
pub async fn add(
    db: &Db,
    write: CaseWrite<'_>,
    to: (&str, &str),
    link: (LinkKind, &str),
) -> Result<bool, WriteError> {
    let mut tx = write.begin(db).await?;
    let added = add_in(
        &mut tx,
        ((write.referral_id(), write.reference()), to),
        write.actor,
        link,
        write.origin,
        write.at,
    )
    .await?;
    if added {
        tx.commit().await?;
    } else {
        // Nothing changed: the version goes back, and its row lock at once.
        tx.rollback().await?;
    }
    Ok(added)
}

/// Takes a link off the case (at the version its writer saw), saying why;
/// false when the case has no such removable link now.
pub async fn remove(
    db: &Db,
    write: CaseWrite<'_>,
    (link_id, reasons): (&str, &str),
) -> Result<bool, WriteError> {
    let mut tx = write.begin(db).await?;
    let removed: Option<(String, String)> = sqlx::query_as(
        "UPDATE case_link SET removed_at = $1, removed_by = $2, removed_reasons = $3 \
         WHERE id = $4 AND (low_id = $5 OR high_id = $5) AND removed_at IS NULL AND kind <> $6 \
         RETURNING kind, CASE WHEN low_id = $5 THEN high_id ELSE low_id END",
    )
    .bind(write.at)
    .bind(&write.actor.id)
    .bind(reasons)
    .bind(link_id)
    .bind(write.referral_id())
    .bind(LinkKind::Duplicate.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((kind, other_id)) = removed else {
        tx.rollback().await?;
        return Ok(false);
    };
    let kind: LinkKind = kind.parse().map_err(DbError::from)?;
    let (other,): (String,) = sqlx::query_as("SELECT reference FROM referral WHERE id = $1")
        .bind(&other_id)
        .fetch_one(&mut *tx)
        .await?;
    let change = (AuditAction::LinkRemoved, kind);
    record(
        &mut tx,
        change,
        (write.reference(), &other),
        write.actor,
        write.origin,
        write.at,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The audit rows of a link's change, one on each case: the kind and the
/// other case, never the reasons (which may say something about the person).
async fn record(
    conn: &mut Conn,
    (action, kind): (AuditAction, LinkKind),
    (one, other): (&str, &str),
    actor: &Actor,
    origin: &Origin,
    at: i64,
) -> Result<(), DbError> {
    for (case, to) in [(one, other), (other, one)] {
        audit::record(
            conn,
            &Entry {
                actor: &audit::Actor::new(&actor.id, actor.role.as_str()),
                action,
                target: Target::Case(case),
                detail: &format!("{} {to}", kind.as_str()),
                origin,
                at,
            },
        )
        .await?;
    }
    Ok(())
}

/// Retention: removes the reasons of a case's links inside the caller's
/// transaction (the other case keeps the link, without the reasons).
pub async fn redact_for_referral(conn: &mut Conn, referral_id: &str) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "UPDATE case_link SET reasons = '', removed_reasons = NULL \
         WHERE low_id = $1 OR high_id = $1",
    )
    .bind(referral_id)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}
